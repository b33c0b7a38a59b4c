"""Сайт курса (`make site`, build/site/html) в настоящем браузере: каждая страница — без ошибок в консоли, без
битых картинок и ссылок, формулы показаны (MathJax или KaTeX); снимок каждой страницы — build/screenshots/site-<страница>.png.

Сайт отдаёт локальный HTTP-сервер; запросы к другим адресам браузер не выполняет и считает ошибкой: сайт
должен работать без сети (значки, MathJax, шрифты — свои).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import BrowserContext
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# Формула показана, если внутри её элемента (.math у Sphinx) есть результат MathJax или KaTeX.
MATH = """() => {
    const formulas = [...document.querySelectorAll('.math')];
    return {total: formulas.length,
            rendered: formulas.filter(f => f.querySelector('mjx-container, .katex')).length};
}"""
MATH_RENDERED = f"() => {{ const math = ({MATH})(); return math.total === math.rendered; }}"
# Картинки, загружаемые лениво, грузим сразу: проверяем все, а не только первый экран.
IMAGES_LOADED = """() => { for (const image of document.images) image.loading = 'eager';
    return [...document.images].every(image => image.complete); }"""
BROKEN_IMAGES = "() => [...document.images].filter(image => image.naturalWidth === 0).map(image => image.src)"
LINKS = "() => [...document.querySelectorAll('a[href]')].map(link => link.href)"
IDS = "() => [...document.querySelectorAll('[id]')].map(element => element.id)"


@pytest.fixture(scope="module")
def site(repo) -> Path:
    """Папка собранного сайта build/site/html."""
    if not re.search(r"^site:", (repo / "Makefile").read_text(encoding="utf-8"), flags=re.M):
        pytest.skip("цели make site ещё нет: сайт курса (issue 17, пункт 1) не влит")
    html = repo / "build" / "site" / "html"
    assert (html / "index.html").exists(), "сайт не собран: make site PROFILE=smoke"
    return html


class QuietHandler(SimpleHTTPRequestHandler):
    """Раздаёт файлы сайта, не печатая каждый запрос."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(site) -> Iterator[str]:
    """Адрес локального HTTP-сервера, который отдаёт сайт."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def site_pages(site: Path) -> list[Path]:
    """HTML-страницы сайта (без служебных папок Sphinx вида _static)."""
    return sorted(path for path in site.rglob("*.html")
                  if not any(part.startswith("_") for part in path.relative_to(site).parts))


def visit(context: BrowserContext, url: str, screenshot: Path) -> tuple[list[str], list[str], set[str], int]:
    """Открывает страницу: (ошибки, ссылки, id элементов, число показанных формул); снимок — в screenshot."""
    errors: list[str] = []
    page = context.new_page()
    page.on("console", lambda message: errors.append(f"консоль: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"исключение JavaScript: {error}"))
    page.on("requestfailed", lambda request: errors.append(f"не загрузилось: {request.url}"))
    page.on("response", lambda response: errors.append(f"ответ {response.status}: {response.url}")
            if response.status >= 400 else None)
    page.goto(url, wait_until="load")
    try:
        page.wait_for_function(IMAGES_LOADED, timeout=30_000)
        page.wait_for_function(MATH_RENDERED, timeout=30_000)
    except PlaywrightTimeout:
        math = page.evaluate(MATH)
        errors.append(f"не дождались картинок или формул: показано формул {math['rendered']} из {math['total']}")
    errors += [f"битая картинка: {src}" for src in page.evaluate(BROKEN_IMAGES)]
    links, ids, rendered = page.evaluate(LINKS), set(page.evaluate(IDS)), page.evaluate(MATH)["rendered"]
    page.screenshot(path=screenshot, full_page=True)
    page.close()
    return errors, links, ids, rendered


def test_site_has_start_page_and_page_per_lecture(site, notebook_paths):
    names = {path.name for path in site_pages(site)}
    missing = [path.stem for path in notebook_paths if f"{path.stem}.html" not in names]
    assert not missing, f"нет страниц лекций: {missing}"


def test_every_page_loads_without_errors_broken_images_or_links(site, site_url, browser, screenshots):
    pages = site_pages(site)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site_url)
                  else route.abort())
    problems: dict[str, list[str]] = {}
    page_ids: dict[str, set[str]] = {}
    anchors: list[tuple[str, str, str]] = []  # (страница, страница ссылки, якорь)
    formulas = 0
    for path in pages:
        name = path.relative_to(site).as_posix()
        screenshot = screenshots / f"site-{name.removesuffix('.html').replace('/', '-')}.png"
        errors, links, page_ids[name], rendered = visit(context, site_url + name, screenshot)
        formulas += rendered
        for link in links:
            if not link.startswith(site_url):
                continue  # внешние ссылки (Colab, Binder, GitHub) без сети не проверить
            parts = urlsplit(link)
            target = unquote(parts.path).lstrip("/") or "index.html"
            if target.endswith("/"):
                target += "index.html"
            if not (site / target).is_file():
                errors.append(f"битая ссылка: {link}")
            elif parts.fragment and target.endswith(".html"):
                anchors.append((name, target, unquote(parts.fragment)))
        if errors:
            problems[name] = errors
    context.close()
    for name, target, anchor in anchors:
        if target in page_ids and anchor not in page_ids[target]:
            problems.setdefault(name, []).append(f"нет якоря #{anchor} на странице {target}")
    assert not problems, "\n".join(f"{name}: {error}" for name, errors in problems.items()
                                    for error in dict.fromkeys(errors))
    assert formulas > 0, "на сайте не показана ни одна формула, а в лекциях они есть"
