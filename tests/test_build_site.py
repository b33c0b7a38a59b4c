"""tools/build_site.py: исходники сайта из исполненных блокнотов — без Sphinx и без исполнения блокнотов."""

from __future__ import annotations

import json
import shutil

import pytest

from helpers.environment import BINDER_BADGE, COLAB_BADGE, badges_markdown, binder_url, colab_url

RUN = {"profile": "smoke", "seed": 42, "data_source": "синтетические данные", "versions": {"python": "3.11.7"},
       "started_at": "2026-11-30T14:24:15+00:00", "elapsed_seconds": 38.9}
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="


def executed_notebook(name: str) -> dict:
    """Как после make run: заголовок со значками, ячейка papermill с параметрами, рисунок с текстом и виджет."""
    title = f"# Лекция {name}\n\n{badges_markdown(f'notebooks/{name}.ipynb')}\n"
    injected = {"cell_type": "code", "id": "p", "metadata": {"tags": ["injected-parameters"]}, "outputs": [],
                "execution_count": 1, "source": 'PROFILE = "smoke"\nOUTPUT_DIR = "/home/кто-то/build"\n'}
    drawing = {"cell_type": "code", "id": "d", "metadata": {"alt": ["Кривая потерь по эпохам"]}, "execution_count": 2,
               "source": "plt.show()\n",
               "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"image/png": PNG}},
                           {"output_type": "display_data", "metadata": {},
                            "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "m"},
                                     "text/plain": "FloatSlider(value=0.5)"}}]}
    return {"cells": [{"cell_type": "markdown", "id": "t", "metadata": {}, "source": title}, injected, drawing],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture
def course(tmp_path, repo):
    """Маленький курс: README и правила из репозитория, два блокнота и их исполненные копии с run.json."""
    course = tmp_path / "repo"
    (course / "notebooks").mkdir(parents=True)
    for name in ("README.md", "GLOSSARY.md", "CONTRIBUTING.md", "LICENSE", "CITATION.cff"):
        shutil.copy(repo / name, course / name)
    executed = tmp_path / "build" / "smoke"
    for name in ("01_first", "02_second"):
        (course / "notebooks" / f"{name}.ipynb").write_text("{}", encoding="utf-8")
        (executed / "outputs" / name).mkdir(parents=True)
        (executed / "outputs" / name / "run.json").write_text(json.dumps(RUN, ensure_ascii=False), encoding="utf-8")
        (executed / f"{name}.ipynb").write_text(json.dumps(executed_notebook(name), ensure_ascii=False),
                                                encoding="utf-8")
    return course, executed, tmp_path / "site"


def test_lecture_page_gets_run_note_local_badges_and_alt_text(build_site, course):
    repo, executed, source = course
    assert build_site.build(executed, source, repo) == ["01_first", "02_second"]
    page = json.loads((source / "01_first.ipynb").read_text(encoding="utf-8"))
    title, note, drawing = page["cells"]  # ячейки papermill с путями машины нет
    assert "[![Открыть в Colab](badges/colab.svg)]" + f"({colab_url('notebooks/01_first.ipynb')})" in title["source"]
    assert "[![Binder](badges/binder.svg)]" + f"({binder_url('notebooks/01_first.ipynb')})" in title["source"]
    assert COLAB_BADGE not in title["source"]
    assert BINDER_BADGE not in title["source"]
    assert "Блокнот исполнен 30.11.2026 в 14:24 (UTC) в профиле **smoke**: сид 42" in note["source"]
    assert ":class: note course-run" in note["source"]
    assert len(drawing["outputs"]) == 1  # ползунок без ядра не работает — на странице его нет
    assert drawing["outputs"][0]["metadata"]["image/png"]["alt"] == "Кривая потерь по эпохам"
    assert (source / "badges" / "colab.svg").is_file()
    assert (source / "badges" / "binder.svg").is_file()


def test_start_page_is_readme_with_site_links_and_navigation(build_site, course):
    repo, executed, source = course
    build_site.build(executed, source, repo)
    index = (source / "index.md").read_text(encoding="utf-8")
    assert index.startswith((repo / "README.md").read_text(encoding="utf-8").splitlines()[0])
    assert "](01_gan_1d_theory.ipynb)" in index  # таблица блокнотов README ведёт на страницы сайта
    assert "](notebooks/" not in index
    assert "](LICENSE.md)" in index
    assert "](CITATION.md)" in index
    assert "](GLOSSARY.md)" in index
    assert ":caption: Лекции\n\n01_first\n02_second\n```" in index
    assert ":caption: О курсе\n\nGLOSSARY\nCONTRIBUTING\nLICENSE\nCITATION\n```" in index
    assert (source / "LICENSE.md").read_text(encoding="utf-8").startswith("# Лицензия\n\n```text\n")
    assert (source / "CITATION.md").read_text(encoding="utf-8").startswith("# Как сослаться на курс\n\n```yaml\n")


def test_links_to_other_repository_files_go_to_github(build_site):
    text = "[код](helpers/plots.py), [раздел](#профили), [сайт](https://example.org/a), [блокнот](notebooks/01_x.ipynb)"
    rewritten = build_site.rewrite_links(text, build_site.site_page)
    assert f"[код]({build_site.repository_url('helpers/plots.py')})" in rewritten
    assert "[раздел](#профили)" in rewritten
    assert "[сайт](https://example.org/a)" in rewritten
    assert "[блокнот](01_x.ipynb)" in rewritten


def test_missing_executed_notebook_or_run_json_is_a_russian_error(build_site, course):
    repo, executed, source = course
    (executed / "outputs" / "02_second" / "run.json").unlink()
    with pytest.raises(FileNotFoundError, match="Нет .*run.json: блокнот 02_second.ipynb исполнен не через `make run`"):
        build_site.build(executed, source, repo)
    (executed / "01_first.ipynb").unlink()
    with pytest.raises(FileNotFoundError, match="нет исполненных блокнотов 01_first.ipynb: сначала `make run`"):
        build_site.build(executed, source, repo)


def test_picture_without_alt_text_stops_the_build(build_site, course):
    repo, executed, source = course
    notebook = executed_notebook("01_first")
    del notebook["cells"][2]["metadata"]["alt"]
    (executed / "01_first.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    with pytest.raises(ValueError, match="Нет альтернативного текста"):
        build_site.build(executed, source, repo)


def test_unknown_profile_in_run_json(build_site):
    with pytest.raises(ValueError, match="run.json: неизвестный профиль 'auto'"):
        build_site.run_note({**RUN, "profile": "auto"})


def test_main_usage_and_exit_codes(build_site, course, tmp_path, capsys):
    repo, executed, source = course
    assert build_site.main([]) == 2
    assert "Исходники сайта курса" in capsys.readouterr().out
    assert build_site.main([str(tmp_path / "нет"), str(source)]) == 1
    assert "сначала `make run`" in capsys.readouterr().err
