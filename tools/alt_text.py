"""Альтернативный текст рисунков блокнота: из метаданных ячейки — в каждый её выход-картинку.

Текст для читалки экрана живёт в исходном блокноте, в метаданных ячейки кода, которая рисует:
`"alt": ["что показывает первая картинка", "что показывает вторая", …]` — по тексту на каждую картинку
в порядке вывода (ячейка может нарисовать и меньше: например, рисунок после задания появляется, только
когда задание сделано). Единого места для такого текста, которое понимали бы все инструменты, нет:
шаблон classic программы nbconvert берёт `alt` из метаданных выхода, шаблон lab — ниоткуда, MyST-NB —
из `mystnb.image.alt`, один на ячейку. Поэтому `apply_alt_texts` переписывает тексты в метаданные
каждого выхода (`metadata["image/png"]["alt"]` — так, как предлагает Jupyter), шаблон
tools/nbconvert/course для `make run` читает их оттуда, а сайт (site/conf.py) — из метаданных ячейки.

Запуск: `python tools/alt_text.py БЛОКНОТ.ipynb ...` — дописывает тексты в исполненные блокноты на месте;
код выхода 1 и список ячеек, если у какой-то картинки нет текста.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

ALT_KEY = "alt"
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")
CYRILLIC = re.compile("[А-Яа-яЁё]")


def image_outputs(cell: dict) -> list[tuple[dict, str]]:
    """Выходы ячейки с картинкой и тип картинки (первый из IMAGE_TYPES, который в выходе есть)."""
    found = []
    for output in cell.get("outputs", []):
        kinds = [kind for kind in IMAGE_TYPES if kind in output.get("data", {})]
        if kinds:
            found.append((output, kinds[0]))
    return found


def cell_alt_texts(cell: dict, where: str) -> list[str]:
    """Тексты ячейки из её метаданных; неверная запись — ValueError с местом ячейки."""
    texts = cell.get("metadata", {}).get(ALT_KEY, [])
    if not isinstance(texts, list) or not all(isinstance(text, str) and CYRILLIC.search(text) for text in texts):
        raise ValueError(f"{where}: metadata.{ALT_KEY} — список русских текстов, по одному на картинку, "
                         f"получено {texts!r}.")
    return texts


def apply_alt_texts(notebook: dict, name: str) -> int:
    """Пишет текст ячейки в метаданные каждого её выхода-картинки; возвращает число картинок.

    Если у картинки нет текста, бросает ValueError со списком таких ячеек: `name` — имя блокнота в сообщении.
    """
    problems, count = [], 0
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        where = f"{name}, ячейка {number} (id {cell.get('id', '—')})"
        texts = cell_alt_texts(cell, where)
        images = image_outputs(cell)
        if len(images) > len(texts):
            problems.append(f"{where}: картинок {len(images)}, текстов в metadata.{ALT_KEY} {len(texts)}")
            continue
        for (output, kind), text in zip(images, texts, strict=False):
            output.setdefault("metadata", {}).setdefault(kind, {})[ALT_KEY] = text
        count += len(images)
    if problems:
        raise ValueError("Нет альтернативного текста у картинок — допишите его в метаданные ячейки "
                         f"(\"{ALT_KEY}\": [\"что показывает рисунок\", …]):\n  " + "\n  ".join(problems))
    return count


def main(argv: Sequence[str] | None = None) -> int:
    paths = [Path(arg) for arg in (sys.argv[1:] if argv is None else argv)]
    if not paths:
        print(__doc__)
        return 2
    failed = False
    for path in paths:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        try:
            count = apply_alt_texts(notebook, path.name)
        except ValueError as error:
            print(error, file=sys.stderr)
            failed = True
            continue
        path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{path}: картинок с альтернативным текстом — {count}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
