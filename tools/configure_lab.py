"""Настраивает JupyterLab окружения курса: русский интерфейс, без окна новостей, блокноты на ядре курса.

Пишет в окружение Python, которым запущен (или в папку --prefix):
- share/jupyter/lab/settings/overrides.d/dl-course-ru.json — настройки JupyterLab по умолчанию: язык ru_RU
  (его даёт пакет jupyterlab-language-pack-ru-RU из environment.yml), новости Jupyter не загружать и не
  спрашивать о них при первом запуске. Свой overrides.json пользователя по-прежнему главнее;
- share/jupyter/kernels/dl-course-ru/ — ядро «Курс DL (ru)». Его команда начинается с `python`, и
  jupyter_client подставляет вместо этого Python самого сервера: путь к окружению не зашит, ядро
  не устаревает при переносе папки (как ядро из `ipykernel install --user`, которое указывает на ту
  копию репозитория, где `make install` выполнили последним);
- etc/jupyter/jupyter_server_config.json — сервер показывает только ядро курса и берёт его по умолчанию;
  блокноты курса (в их метаданных — python3) открываются на нём. Файл один на окружение (папку .d сервер
  читает только для списка расширений), поэтому наши ключи дописываются к тому, что в нём уже есть.

Запускают `make lab` (один раз, метка .venv/.lab-configured) и binder/postBuild.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

KERNEL_NAME = "dl-course-ru"
KERNEL_DISPLAY_NAME = "Курс DL (ru)"
# Команда ядра: `python` jupyter_client заменяет на sys.executable сервера.
KERNEL_ARGV = ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
LAB_SETTINGS = {
    "@jupyterlab/translation-extension:plugin": {"locale": "ru_RU"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}
SERVER_CONFIG = {
    "KernelSpecManager": {"allowed_kernelspecs": [KERNEL_NAME]},
    "MappingKernelManager": {"default_kernel_name": KERNEL_NAME},
}
LAB_SETTINGS_FILE = Path("share/jupyter/lab/settings/overrides.d") / f"{KERNEL_NAME}.json"
SERVER_CONFIG_FILE = Path("etc/jupyter/jupyter_server_config.json")


def write_json(path: Path, data: dict) -> Path:
    """Записывает словарь в JSON (папки создаёт); возвращает путь."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def merge_json(path: Path, data: dict) -> Path:
    """Дописывает ключи data (по разделам) к JSON-файлу path, сохраняя остальные; возвращает путь."""
    merged = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for section, values in data.items():
        merged.setdefault(section, {}).update(values)
    return write_json(path, merged)


def install_kernel(prefix: Path) -> Path:
    """Ставит ядро курса в prefix/share/jupyter/kernels/ (заменяя прежнее); возвращает его папку."""
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager

    with tempfile.TemporaryDirectory() as staging:
        spec = write_kernel_spec(Path(staging) / KERNEL_NAME,
                                 overrides={"display_name": KERNEL_DISPLAY_NAME, "argv": KERNEL_ARGV})
        return Path(KernelSpecManager().install_kernel_spec(spec, KERNEL_NAME, prefix=str(prefix)))


def configure(prefix: Path) -> list[Path]:
    """Пишет настройки JupyterLab, ядро курса и настройку сервера в окружение prefix; возвращает пути."""
    if not prefix.is_dir():
        raise FileNotFoundError(f"Нет папки окружения {prefix}: укажите существующую в --prefix")
    return [write_json(prefix / LAB_SETTINGS_FILE, LAB_SETTINGS), install_kernel(prefix),
            merge_json(prefix / SERVER_CONFIG_FILE, SERVER_CONFIG)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", type=Path, default=Path(sys.prefix),
                        help="папка окружения (по умолчанию — окружение этого Python)")
    for path in configure(parser.parse_args().prefix):
        print(f"JupyterLab курса: {path}")


if __name__ == "__main__":
    main()
