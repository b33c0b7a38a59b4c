"""Сайт курса, собранный `make test-site` из smoke-запуска (build/site/html из build/smoke).

Страница на каждый блокнот и стартовая страница со ссылками на них; на странице лекции — врезка о запуске
(дата и профиль из run.json), значки Colab и Binder, у каждой картинки выходов — русский альтернативный текст;
ни одна страница не грузит ничего с чужих серверов; поиск — по-русски. HTML от `make run` (nbconvert) —
тоже с текстами картинок. Вне `make test`: нужны исполненные блокноты и сборка сайта.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers.environment import binder_url, colab_url

pytestmark = pytest.mark.site

CYRILLIC = re.compile("[А-Яа-яЁё]")
NBCONVERT_DEFAULT_ALT = "No description has been provided for this image"
# Атрибуты, по которым браузер сам загружает ресурс (ссылка <a href> — нет).
LOADED = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src", "video": "src",
          "audio": "src", "embed": "src", "object": "data"}


@pytest.fixture(scope="module")
def site(repo) -> Path:
    site = repo / "build" / "site" / "html"
    assert (site / "index.html").is_file(), "Сайта нет: make test-site собирает его командой make site PROFILE=smoke"
    return site


@pytest.fixture(scope="module")
def executed(repo) -> Path:
    return repo / "build" / "smoke"


@pytest.fixture(scope="module")
def page(site) -> Callable[[str | Path], BeautifulSoup]:
    """Страница сайта по пути от корня сайта, разобранная один раз за модуль."""
    @cache
    def parse(name: str | Path) -> BeautifulSoup:
        return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")

    return parse


@pytest.fixture(scope="module")
def all_pages(site) -> list[Path]:
    return sorted(path.relative_to(site) for path in site.rglob("*.html"))


def test_start_page_links_every_lecture_page(site, page, notebook_paths):
    index = page("index.html")
    assert index.html["lang"] == "ru"
    links = {a["href"] for a in index.find_all("a", href=True)}
    for path in notebook_paths:
        assert (site / f"{path.stem}.html").is_file()
        assert f"{path.stem}.html" in links
    for about in ("GLOSSARY.html", "CONTRIBUTING.html", "LICENSE.html", "CITATION.html"):
        assert about in links


def test_lecture_page_shows_run_date_profile_and_badges(site, page, executed, notebook_path):
    soup = page(f"{notebook_path.stem}.html")
    run = json.loads((executed / "outputs" / notebook_path.stem / "run.json").read_text(encoding="utf-8"))
    started = datetime.fromisoformat(run["started_at"])
    note = soup.select(".course-run")
    assert len(note) == 1
    text = note[0].get_text(" ", strip=True)
    assert f"исполнен {started:%d.%m.%Y} в {started:%H:%M} (UTC)" in text
    assert "в профиле smoke" in text
    for url in (colab_url(f"notebooks/{notebook_path.name}"), binder_url(f"notebooks/{notebook_path.name}")):
        badge = soup.find("a", href=url)
        assert badge is not None, url
        image = badge.find("img")
        assert image["alt"]
        assert (site / image["src"]).is_file()


def test_every_picture_of_the_run_has_its_russian_alt_text(page, executed, notebook_path, alt_text):
    notebook = json.loads((executed / notebook_path.name).read_text(encoding="utf-8"))
    expected = [text for cell in notebook["cells"] if cell["cell_type"] == "code"
                for text in cell["metadata"].get("alt", [])[:len(alt_text.image_outputs(cell))]]
    shown = [image.get("alt", "") for image in page(f"{notebook_path.stem}.html").select(".cell_output img")]
    assert shown == expected
    assert all(CYRILLIC.search(alt) for alt in shown)


def test_no_page_loads_anything_from_other_servers(page, all_pages):
    remote = []
    for path in all_pages:
        for tag, attribute in LOADED.items():
            for element in page(path).find_all(tag, attrs={attribute: True}):
                if re.match(r"(https?:)?//", element[attribute]):
                    remote.append(f"{path}: <{tag} {attribute}={element[attribute]!r}>")
    assert remote == []


def test_local_links_lead_to_files_of_the_site(site, page, all_pages):
    broken = []
    for path in all_pages:
        for link in page(path).find_all("a", href=True):
            target = link["href"].split("#")[0].split("?")[0]
            if target and not re.match(r"([a-z]+:|//)", target) and not (site / path.parent / target).exists():
                broken.append(f"{path}: {link['href']}")
    assert broken == []


def test_images_are_files_of_the_site(site, page, notebook_path):
    for image in page(f"{notebook_path.stem}.html").find_all("img"):
        assert (site / image["src"]).is_file(), image["src"]


def test_formulas_use_mathjax_shipped_with_the_site(site, page):
    soup = page("01_gan_1d_theory.html")
    assert soup.select(".math")
    scripts = [script["src"] for script in soup.find_all("script", src=True)]
    mathjax = [src for src in scripts if "mathjax" in src]
    assert mathjax == ["_static/mathjax/tex-chtml.js"]
    assert (site / mathjax[0]).is_file()


def test_search_is_russian(site):
    assert (site / "search.html").is_file()
    assert "LANGUAGE: 'ru'" in (site / "_static" / "documentation_options.js").read_text(encoding="utf-8")
    script = (site / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(script[script.index("(") + 1:script.rindex(")")])["terms"]
    # русский стеммер: «генератора», «генератору», «генераторы» ищутся по одной основе
    generator_forms = sorted(term for term in terms if term.startswith("генератор"))
    assert generator_forms == ["генератор"]


def test_make_run_html_has_alt_text_on_every_image(executed, notebook_path):
    soup = BeautifulSoup((executed / f"{notebook_path.stem}.html").read_text(encoding="utf-8"), "html.parser")
    alts = [image.get("alt") for image in soup.find_all("img")]
    assert alts
    assert all(alt and alt != NBCONVERT_DEFAULT_ALT for alt in alts)
