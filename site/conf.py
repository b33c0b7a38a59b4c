"""Настройки Sphinx для сайта курса: `make site` собирает его из исходников, которые пишет tools/build_site.py.

Блокноты уже исполнены (`make run`): Sphinx их не запускает, а только показывает. Всё, что нужно странице,
лежит на самом сайте: тема, поиск, MathJax (пакет sphinx-mathjax-offline), значки Colab и Binder.
"""

from docutils import nodes

project = "Глубокое обучение на практике"
author = "Авторы курса dl-course-ru"
copyright = "авторы курса dl-course-ru; код — MIT, текст и рисунки — CC BY-SA 4.0"
language = "ru"
html_search_language = "ru"

extensions = ["myst_nb", "sphinx-mathjax-offline", "sphinx.ext.githubpages"]  # githubpages: файл .nojekyll
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

nb_execution_mode = "off"  # блокноты исполнил make run
nb_output_stderr = "remove"  # журналы TensorFlow и полосы прогресса — не урок
nb_merge_streams = True
nb_ipywidgets_js = {}  # выходы-виджеты tools/build_site.py убирает; их скрипты грузились бы с CDN

html_theme = "sphinx_book_theme"
html_title = project
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
# Светлая тема по умолчанию: без этого тема при первом визите пишет в консоль «Got invalid theme mode».
html_context = {"default_mode": "light"}
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
}


def alt_texts(app, doctree: nodes.document) -> None:
    """Картинкам выходов ячейки — тексты из её метаданных "alt", по одному на картинку (tools/alt_text.py)."""
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") != "cell_code":
            continue
        texts = cell.get("cell_metadata", {}).get("alt", [])
        for image, text in zip(cell.findall(nodes.image), texts, strict=False):
            image["alt"] = text


def setup(app) -> None:
    app.connect("doctree-read", alt_texts)
