"""JupyterLab в настоящем браузере: `make lab`, блокнот 04 на ядре курса, «Запустить все ячейки», рисунок политики.

Сервер начинает с пустыми настройками пользователя и рабочими областями, как у студента при первом запуске;
единственная своя настройка — не сохранять блокнот автоматически: выходы в репозитории очищены, и блокнот
после теста должен остаться байт в байт прежним (это проверяется). Результаты блокнота — во временной папке
(COURSE_OUTPUT_ROOT), профиль smoke (COURSE_PROFILE): весь блокнот исполняется за секунды, а не за минуты
профиля cpu. Снимок экрана — build/screenshots/lab-04.png.
"""

from __future__ import annotations

import json
import os

from playwright.sync_api import Locator, expect

NOTEBOOK = "04_q_learning_frozenlake.ipynb"
POLICY_CELL = "plot_policy(policy_4x4"  # ячейка, которая рисует жадную политику
MENUS = ["Файл", "Редактировать", "Просмотр", "Выполнить", "Ядро"]
RUN_TIMEOUT_MS = 300_000
# Все ячейки кода исполнены (у каждой номер в приглашении) или какая-то упала (в выводе трассировка).
RUN_FINISHED = """() => {
    const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
    const failed = [...document.querySelectorAll('.jp-OutputArea-output')]
        .some(output => output.textContent.includes('Traceback'));
    return failed || (prompts.length > 0 && prompts.every(prompt => /\\[\\d+\\]/.test(prompt.textContent)));
}"""


def show(element: Locator) -> None:
    """Прокручивает блокнот к элементу. Ячейки вне экрана JupyterLab рисует с примерной высотой
    (content-visibility), и после прокрутки разметка сдвигается, поэтому прокручиваем, пока элемент не на экране."""
    for _ in range(10):
        element.scroll_into_view_if_needed()
        element.page.wait_for_timeout(300)
        box, viewport = element.bounding_box(), element.page.viewport_size
        if box and 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"]:
            return
    raise AssertionError("элемент не удалось показать на экране")


def test_lab_runs_notebook_04_in_russian_on_course_kernel(tmp_path, repo, make_lab, browser, screenshots,
                                                          load_notebook, configure_lab):
    cells = load_notebook(NOTEBOOK)["cells"]
    policy_index = next(i for i, cell in enumerate(cells) if POLICY_CELL in "".join(cell["source"]))
    source = (repo / "notebooks" / NOTEBOOK).read_bytes()
    settings = tmp_path / "settings"
    no_autosave = settings / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    no_autosave.parent.mkdir(parents=True)
    no_autosave.write_text(json.dumps({"autosave": False}))
    lab_args = f"--LabApp.user_settings_dir={settings} --LabApp.workspaces_dir={tmp_path / 'workspaces'}"
    env = {**os.environ, "COURSE_PROFILE": "smoke", "COURSE_OUTPUT_ROOT": str(tmp_path / "outputs")}
    with make_lab(tmp_path / "lab.log", lab_args, env=env) as lab:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{lab.url}/lab/tree/{NOTEBOOK}?token={lab.token}")
        expect(page.locator(".jp-NotebookPanel-toolbar .jp-KernelName")).to_have_text("Курс DL (ru)", timeout=60_000)
        expect(page.get_by_text("Курс DL (ru) | Простаивает")).to_be_visible(timeout=60_000)  # ядро готово
        assert page.locator(".lm-MenuBar-itemLabel").all_inner_texts()[:len(MENUS)] == MENUS

        page.get_by_role("menuitem", name="Выполнить", exact=True).click()
        run_all = page.get_by_role("menuitem", name="Запустить все ячейки", exact=True)
        expect(run_all).not_to_have_attribute("aria-disabled", "true")
        run_all.click()
        expect(page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").first).not_to_have_text("[ ]:",
                                                                                              timeout=30_000)
        policy = page.locator(".jp-Notebook .jp-Cell").nth(policy_index).locator(".jp-OutputArea-output img")
        policy.wait_for(timeout=RUN_TIMEOUT_MS)
        page.wait_for_function(RUN_FINISHED, timeout=RUN_TIMEOUT_MS, polling=500)
        outputs = page.locator(".jp-OutputArea-output").all_inner_texts()
        assert not [text for text in outputs if "Traceback" in text], "ячейка блокнота упала"
        assert policy.evaluate("image => image.naturalWidth") > 0, "рисунок политики пуст: картинка не загрузилась"

        # Без настроек курса здесь висел бы вопрос «Would you like to get notified about official Jupyter news?»
        # (в языковом пакете 4.5 его перевода нет): никаких всплывающих уведомлений поверх блокнота.
        assert page.locator(".Toastify__toast").all_inner_texts() == [], "поверх блокнота всплыло уведомление"
        show(policy)
        page.screenshot(path=screenshots / "lab-04.png")
        page.close()
    assert (repo / "notebooks" / NOTEBOOK).read_bytes() == source, "JupyterLab сохранил блокнот в репозиторий"
    assert (tmp_path / "outputs" / NOTEBOOK.removesuffix(".ipynb") / "metrics.json").exists()
