"""tools/alt_text.py и шаблон tools/nbconvert/course: альтернативный текст картинок блокнота."""

from __future__ import annotations

import json
import re

import pytest

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
SHOWS = re.compile(r"plt\.show\(\)|display\(Image\(")


def picture(kind: str = "image/png") -> dict:
    return {"output_type": "display_data", "data": {kind: PNG, "text/plain": "<Figure>"}, "metadata": {}}


def drawing_cell(outputs: list[dict], alt: object = None, cell_id: str = "c1") -> dict:
    metadata = {} if alt is None else {"alt": alt}
    return {"cell_type": "code", "id": cell_id, "source": "plt.show()\n", "metadata": metadata,
            "outputs": outputs, "execution_count": 1}


def notebook(*cells: dict) -> dict:
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_each_text_goes_into_its_picture_in_order(alt_text):
    text_output = {"output_type": "stream", "name": "stdout", "text": "готово\n"}
    cell = drawing_cell([picture(), text_output, picture("image/gif")], ["Кривая потерь", "Анимация по эпохам"])
    assert alt_text.apply_alt_texts(notebook(cell), "n.ipynb") == 2
    assert cell["outputs"][0]["metadata"] == {"image/png": {"alt": "Кривая потерь"}}
    assert cell["outputs"][2]["metadata"] == {"image/gif": {"alt": "Анимация по эпохам"}}
    assert "metadata" not in text_output


def test_cell_may_draw_fewer_pictures_than_texts(alt_text):
    # рисунок после задания появляется, только когда задание сделано
    cell = drawing_cell([], ["Карта сходства классов"])
    assert alt_text.apply_alt_texts(notebook(cell), "n.ipynb") == 0


def test_picture_without_text_names_notebook_and_cell(alt_text):
    cells = [drawing_cell([picture()], ["Сетка цифр"], "c1"), drawing_cell([picture(), picture()], ["Одна"], "c7"),
             drawing_cell([picture()], None, "c9")]
    with pytest.raises(ValueError, match="Нет альтернативного текста") as error:
        alt_text.apply_alt_texts(notebook(*cells), "02_dcgan.ipynb")
    message = str(error.value)
    assert "02_dcgan.ipynb, ячейка 2 (id c7): картинок 2, текстов в metadata.alt 1" in message
    assert "02_dcgan.ipynb, ячейка 3 (id c9): картинок 1, текстов в metadata.alt 0" in message
    assert "id c1" not in message


@pytest.mark.parametrize("alt", ["Строка, а не список", ["Сетка цифр", ""], ["grid of digits"], [42]])
def test_bad_alt_metadata_is_a_russian_error(alt_text, alt):
    with pytest.raises(ValueError, match=r"n\.ipynb, ячейка 1 .*metadata\.alt — список русских текстов"):
        alt_text.apply_alt_texts(notebook(drawing_cell([picture()], alt)), "n.ipynb")


def test_main_rewrites_executed_notebook_and_reports_missing(alt_text, tmp_path, capsys):
    good, bad = tmp_path / "good.ipynb", tmp_path / "bad.ipynb"
    good.write_text(json.dumps(notebook(drawing_cell([picture()], ["Кривая потерь"]))), encoding="utf-8")
    bad.write_text(json.dumps(notebook(drawing_cell([picture()]))), encoding="utf-8")
    bad_before = bad.read_text(encoding="utf-8")
    assert alt_text.main([str(good), str(bad)]) == 1
    written = json.loads(good.read_text(encoding="utf-8"))
    assert written["cells"][0]["outputs"][0]["metadata"]["image/png"]["alt"] == "Кривая потерь"
    assert bad.read_text(encoding="utf-8") == bad_before
    assert "bad.ipynb, ячейка 1" in capsys.readouterr().err


def test_nbconvert_course_template_writes_alt_and_keeps_lab_look(alt_text, repo):
    import nbformat
    from nbconvert import HTMLExporter

    source = notebook(drawing_cell([picture(), picture()], ["Кривая «потерь» <по эпохам>", "Сетка цифр"]))
    alt_text.apply_alt_texts(source, "n.ipynb")
    exporter = HTMLExporter(template_name="course", extra_template_basedirs=[str(repo / "tools" / "nbconvert")])
    html, _ = exporter.from_notebook_node(nbformat.from_dict(source))
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == 2
    assert 'alt="Кривая «потерь» &lt;по эпохам&gt;"' in images[0]
    assert 'alt="Сетка цифр"' in images[1]
    assert "jp-RenderedImage" in html  # разметка шаблона lab, как у nbconvert по умолчанию


def test_every_drawing_cell_of_the_course_has_alt_texts(alt_text, notebook_paths, load_notebook):
    """Быстрая проверка по исходникам: у ячейки с plt.show() или display(Image(…)) — не меньше текстов, чем показов.

    Точная проверка (у каждой картинки исполненного блокнота есть текст) — в make run и make test-site.
    """
    problems = []
    for path in notebook_paths:
        for number, cell in enumerate(load_notebook(path)["cells"], start=1):
            if cell["cell_type"] != "code":
                continue
            shows = len(SHOWS.findall("".join(cell["source"])))
            texts = alt_text.cell_alt_texts(cell, f"{path.name}, ячейка {number}")
            if len(texts) < shows or (texts and not shows):
                problems.append(f"{path.name}, ячейка {number}: показов {shows}, текстов {len(texts)}")
    assert problems == []
