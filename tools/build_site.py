"""Исходники сайта курса для Sphinx: исполненные блокноты, README и правила курса (`make site`).

Берёт блокноты, исполненные `make run PROFILE=…` (папка build/<профиль>/: блокноты `NN_имя.ipynb`,
их run.json — в outputs/NN_имя/), и пишет в папку исходников:
- index.md — стартовая страница из README.md; оглавление сайта — скрытое дерево страниц в её конце;
- по странице на блокнот: под первой ячейкой — врезка о запуске (дата, профиль, сид, данные, время) из
  run.json; ячейка papermill с параметрами запуска убрана (в ней пути машины, где блокнот исполняли),
  выходы-виджеты (полосы прогресса, ползунки) — тоже: без ядра они на странице не работают;
- GLOSSARY.md, CONTRIBUTING.md, LICENSE.md и CITATION.md — правила, глоссарий, лицензия и как сослаться.
Ссылки между этими файлами ведут на страницы сайта, на остальные файлы репозитория — на GitHub. Значки
Colab и Binder — картинки из site/badges/: сайт не грузит ничего с чужих серверов. У каждой картинки
выходов должен быть альтернативный текст (tools/alt_text.py), иначе сборка останавливается.

Запуск: `python tools/build_site.py build/smoke build/site/src` (так его вызывает `make site`).
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tools")]

from alt_text import apply_alt_texts  # noqa: E402

from helpers.environment import BINDER_BADGE, COLAB_BADGE, RELEASE, REPOSITORY  # noqa: E402

BADGES_DIR = REPO / "site" / "badges"
BADGES = {COLAB_BADGE: "badges/colab.svg", BINDER_BADGE: "badges/binder.svg"}
# файл репозитория → страница сайта (остальные ссылки ведут в репозиторий на GitHub)
PAGES = {"README.md": "index.md", "GLOSSARY.md": "GLOSSARY.md", "CONTRIBUTING.md": "CONTRIBUTING.md",
         "LICENSE": "LICENSE.md", "CITATION.cff": "CITATION.md"}
ABOUT_PAGES = {"LICENSE": "Лицензия", "CITATION.cff": "Как сослаться на курс"}
LINK = re.compile(r"\]\((?!https?://|#|mailto:)([^)\s]+)\)")
INJECTED_TAG = "injected-parameters"  # ячейка, которую papermill вставляет со своими параметрами
WIDGET = "application/vnd.jupyter.widget-view+json"  # полоса прогресса, ползунок: на статической странице мертвы
PROFILE_NOTES = {
    "full": "Профиль `full` — лекция как есть: настоящие данные и предобученные модели.",
    "cpu": "Профиль `cpu` — тот же урок на CPU за минуты; где он отступает от лекции, блокнот говорит об этом.",
    "smoke": "Профиль `smoke` — проверка кода на крошечных данных за секунды: числа и рисунки здесь не урок, "
             "а знак того, что код работает. Урок — в профилях `cpu` и `full`.",
}


def repository_url(path: str) -> str:
    """Адрес файла репозитория на GitHub."""
    return f"https://github.com/{REPOSITORY}/blob/{RELEASE}/{path}"


def rewrite_links(markdown: str, page_of: Callable[[str], str | None]) -> str:
    """Относительные ссылки Markdown: на страницу сайта, если она есть (`page_of`), иначе — на GitHub."""
    def replace(match: re.Match) -> str:
        target = match.group(1)
        return f"]({page_of(target) or repository_url(target)})"

    markdown = LINK.sub(replace, markdown)
    for remote, local in BADGES.items():
        markdown = markdown.replace(f"]({remote})", f"]({local})")
    return markdown


def site_page(target: str) -> str | None:
    """Страница сайта для ссылки из README и правил курса: блокнот или файл из PAGES."""
    if target.startswith("notebooks/") and target.endswith(".ipynb"):
        return Path(target).name
    return PAGES.get(target)


def run_note(run: dict) -> str:
    """Врезка о запуске блокнота: когда, в каком профиле, с каким сидом и данными, сколько шёл."""
    profile = run["profile"]
    if profile not in PROFILE_NOTES:
        raise ValueError(f"run.json: неизвестный профиль {profile!r}, ожидался один из {sorted(PROFILE_NOTES)}.")
    started = datetime.fromisoformat(run["started_at"])
    return (
        "```{admonition} Этот запуск\n:class: note course-run\n"
        f"Блокнот исполнен {started:%d.%m.%Y} в {started:%H:%M} (UTC) в профиле **{profile}**: сид {run['seed']}, "
        f"источник данных — {run['data_source']}, время выполнения {run['elapsed_seconds']:.0f} с.\n"
        f"{PROFILE_NOTES[profile]}\n```\n"
    )


def markdown_cell(source: str) -> dict:
    return {"cell_type": "markdown", "id": "course-run", "metadata": {}, "source": source}


def lecture_page(notebook: dict, run: dict, name: str) -> dict:
    """Копия исполненного блокнота для сайта: врезка о запуске, местные значки, без ячейки papermill и виджетов."""
    page = copy.deepcopy(notebook)
    apply_alt_texts(page, name)
    cells = [cell for cell in page["cells"] if INJECTED_TAG not in cell.get("metadata", {}).get("tags", [])]
    if not cells or cells[0]["cell_type"] != "markdown":
        raise ValueError(f"{name}: первая ячейка — не заголовок блокнота (markdown).")
    for cell in cells:
        if cell["cell_type"] == "markdown":
            cell["source"] = rewrite_links("".join(cell["source"]), site_page)
        else:
            cell["outputs"] = [output for output in cell.get("outputs", []) if WIDGET not in output.get("data", {})]
    page["cells"] = [cells[0], markdown_cell(run_note(run)), *cells[1:]]
    return page


def about_page(path: Path, title: str) -> str:
    """Страница из файла без разметки Markdown: заголовок и текст файла как есть."""
    language = "yaml" if path.suffix == ".cff" else "text"
    return f"# {title}\n\n```{language}\n{path.read_text(encoding='utf-8').rstrip()}\n```\n"


def index_page(readme: str, lectures: Sequence[str]) -> str:
    """README как стартовая страница и скрытое оглавление: лекции и страницы о курсе."""
    about = [Path(PAGES[name]).stem for name in PAGES if name != "README.md"]
    return (
        rewrite_links(readme, site_page).rstrip() + "\n\n"
        + "```{toctree}\n:hidden:\n:caption: Лекции\n\n" + "\n".join(lectures) + "\n```\n\n"
        + "```{toctree}\n:hidden:\n:caption: О курсе\n\n" + "\n".join(about) + "\n```\n"
    )


def build(executed: Path, source: Path, repo: Path = REPO) -> list[str]:
    """Пишет исходники сайта из блокнотов папки `executed` в `source`; возвращает имена страниц лекций."""
    notebooks = [executed / path.name for path in sorted((repo / "notebooks").glob("*.ipynb"))]
    missing = [path.name for path in notebooks if not path.is_file()]
    if missing:
        raise FileNotFoundError(f"В {executed} нет исполненных блокнотов {', '.join(missing)}: сначала `make run`.")
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    shutil.copytree(BADGES_DIR, source / "badges")
    lectures = []
    for path in notebooks:
        run_file = executed / "outputs" / path.stem / "run.json"
        if not run_file.is_file():
            raise FileNotFoundError(f"Нет {run_file}: блокнот {path.name} исполнен не через `make run`.")
        notebook = json.loads(path.read_text(encoding="utf-8"))
        run = json.loads(run_file.read_text(encoding="utf-8"))
        page = lecture_page(notebook, run, path.name)
        (source / path.name).write_text(json.dumps(page, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        lectures.append(path.stem)
    for name, page in PAGES.items():
        text = (repo / name).read_text(encoding="utf-8")
        if name == "README.md":
            text = index_page(text, lectures)
        elif name in ABOUT_PAGES:
            text = about_page(repo / name, ABOUT_PAGES[name])
        else:
            text = rewrite_links(text, site_page)
        (source / page).write_text(text, encoding="utf-8")
    return lectures


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if len(args) != 2:
        print(__doc__)
        return 2
    try:
        lectures = build(Path(args[0]), Path(args[1]))
    except (FileNotFoundError, ValueError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Исходники сайта: {args[1]} (лекций: {len(lectures)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
