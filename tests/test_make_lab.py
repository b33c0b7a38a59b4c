"""`make lab`: JupyterLab с блокнотами курса, русским интерфейсом, без окна новостей, на ядре курса.

Настройки пишет tools/configure_lab.py; здесь — что они годятся для установленного JupyterLab и что
сервер `make lab` их отдаёт (запросы к API). Как это выглядит в браузере, проверяет tests/browser/test_lab.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_server.services.kernels.kernelmanager import MappingKernelManager
from jupyterlab_server.translation_utils import get_language_packs

SERVER_CLASSES = {"KernelSpecManager": KernelSpecManager, "MappingKernelManager": MappingKernelManager}


def test_lab_settings_fit_installed_jupyterlab(configure_lab):
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    for plugin, values in configure_lab.LAB_SETTINGS.items():
        package, name = plugin.split(":")
        schema = json.loads((schemas / package / f"{name}.json").read_text(encoding="utf-8"))
        for key, value in values.items():
            assert key in schema["properties"], f"{plugin}: у JupyterLab нет настройки {key}"
            jsonschema.validate(value, schema["properties"][key])
    locale = configure_lab.LAB_SETTINGS["@jupyterlab/translation-extension:plugin"]["locale"]
    languages, message = get_language_packs(locale)
    assert locale in languages, f"языковой пакет {locale} не установлен: {message}"


def test_server_config_names_real_traits(configure_lab):
    for class_name, values in configure_lab.SERVER_CONFIG.items():
        traits = SERVER_CLASSES[class_name].class_trait_names(config=True)
        assert set(values) <= set(traits), f"{class_name}: нет настроек {set(values) - set(traits)}"


def test_configure_writes_settings_kernel_and_server_config(tmp_path, configure_lab):
    settings = tmp_path / configure_lab.SERVER_CONFIG_FILE
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"ServerApp": {"open_browser": False},
                                    "MappingKernelManager": {"cull_idle_timeout": 600}}))
    configure_lab.configure(tmp_path)
    configure_lab.configure(tmp_path)  # повторный запуск ничего не портит

    lab = json.loads((tmp_path / configure_lab.LAB_SETTINGS_FILE).read_text(encoding="utf-8"))
    assert lab == configure_lab.LAB_SETTINGS
    server = json.loads(settings.read_text(encoding="utf-8"))
    assert server["ServerApp"] == {"open_browser": False}, "чужие настройки сервера потеряны"
    assert server["MappingKernelManager"] == {"cull_idle_timeout": 600, "default_kernel_name": "dl-course-ru"}
    assert server["KernelSpecManager"] == {"allowed_kernelspecs": ["dl-course-ru"]}

    kernels = KernelSpecManager(kernel_dirs=[str(tmp_path / "share" / "jupyter" / "kernels")])
    spec = kernels.get_kernel_spec("dl-course-ru")
    assert spec.display_name == "Курс DL (ru)"
    assert spec.language == "python"
    assert spec.argv[0] == "python", "путь к Python зашит в ядро: при переносе окружения оно сломается"


def test_configure_rejects_missing_prefix(tmp_path, configure_lab):
    with pytest.raises(FileNotFoundError, match="Нет папки окружения"):
        configure_lab.configure(tmp_path / "нет")


def test_make_lab_serves_notebooks_in_russian_on_course_kernel(tmp_path, make_lab, notebook_paths, configure_lab):
    with make_lab(tmp_path / "lab.log") as lab:
        served = {item["name"] for item in lab.api("/api/contents?content=1")["content"]}
        assert {path.name for path in notebook_paths} <= served

        kernelspecs = lab.api("/api/kernelspecs")
        assert kernelspecs["default"] == configure_lab.KERNEL_NAME
        assert set(kernelspecs["kernelspecs"]) == {configure_lab.KERNEL_NAME}, "видно не только ядро курса"
        assert kernelspecs["kernelspecs"][configure_lab.KERNEL_NAME]["spec"]["display_name"] == "Курс DL (ru)"

        for plugin, values in configure_lab.LAB_SETTINGS.items():
            properties = lab.api(f"/lab/api/settings/{plugin}")["schema"]["properties"]
            assert {key: properties[key]["default"] for key in values} == values, plugin
        assert "ru_RU" in lab.api("/lab/api/translations/")["data"]
