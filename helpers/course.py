"""Адрес репозитория курса (задан здесь и только здесь) и ссылки Colab / Binder на блокноты."""

from __future__ import annotations

from pathlib import PurePosixPath

REPOSITORY = "dl-course-ru/notebooks"  # владелец/имя на GitHub
BRANCH = "main"
PACKAGE_NAME = "dl-course-ru"

COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"


def _notebook_path(notebook: str) -> PurePosixPath:
    path = PurePosixPath(notebook)
    if path.suffix != ".ipynb" or path.parts[:1] != ("notebooks",) or len(path.parts) != 2:
        raise ValueError(f"Ожидался путь вида 'notebooks/NN_имя.ipynb', получено {notebook!r}.")
    return path


def colab_url(notebook: str) -> str:
    """Ссылка «Открыть в Colab» для блокнота `notebooks/…ipynb`."""
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/{_notebook_path(notebook)}"


def binder_url(notebook: str) -> str:
    """Ссылка на Binder, открывающая JupyterLab сразу на этом блокноте."""
    lab_path = str(_notebook_path(notebook)).replace("/", "%2F")
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?labpath={lab_path}"


def badges_markdown(notebook: str) -> str:
    """Строка Markdown с двумя значками: Colab и Binder."""
    return (
        f"[![Открыть в Colab]({COLAB_BADGE})]({colab_url(notebook)}) "
        f"[![Binder]({BINDER_BADGE})]({binder_url(notebook)})"
    )


def install_spec(extras: tuple[str, ...] = ()) -> str:
    """Что ставить через pip на Colab: пакет курса прямо из репозитория, с нужными extras."""
    suffix = f"[{','.join(extras)}]" if extras else ""
    return f"{PACKAGE_NAME}{suffix} @ git+https://github.com/{REPOSITORY}@{BRANCH}"
