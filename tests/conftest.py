"""Общие фикстуры тестов: пути репозитория, блокноты и их исполнение через papermill, проверка русского текста.

Тесты получают всё общее через фикстуры, а не через `from conftest import …`:
- `repo`, `build_dir`, `notebooks_dir`, `notebook_paths` — пути, `kernel_name` — ядро Jupyter; аргумент
  `notebook_path` параметризует тест всеми блокнотами;
- `load_notebook(имя или путь)` — блокнот как словарь JSON;
- `run_notebook(блокнот или путь, имя_запуска, **параметры)` — исполнение через papermill (один раз на имя запуска);
- `smoke_run` — smoke-запуск блокнота `NOTEBOOK` из модуля теста (SEED 42, с чистой папки);
- `read_metrics(папка)` — metrics.json, записанный блокнотом;
- `interrupt_notebook(…)` — обрыв блокнота посреди обучения;
- `lesson_results` — итоги уроков `make lessons` за сессию (их печатает pytest_terminal_summary);
- `spellcheck`, `make_corpus`, `retarget`, `editions`, `configure_lab`, `alt_text`, `build_site`,
  `check_python`, `make_venv`, `compat_requirements` — модули tools/ с теми же именами;
- `make_lab(лог, ключи, окружение)` — `make lab` на свободном порту, пока открыт блок with (сервер `LabServer`).

Тесты, которые смотрят на smoke-запуск блокнота (фикстура `smoke_run`), получают метку `smoke`.

`make test-compat` исполняет блокноты не из репозитория: `COURSE_TEST_ROOT` — папка вне репозитория с копией
`notebooks/` (результаты пишутся в её `build/`), `COURSE_TEST_KERNEL` — ядро, в котором их исполнять
(по умолчанию `python3`).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
TEST_ROOT = Path(os.environ["COURSE_TEST_ROOT"]) if os.environ.get("COURSE_TEST_ROOT") else None
NOTEBOOKS_DIR = TEST_ROOT / "notebooks" if TEST_ROOT else REPO / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
BUILD = TEST_ROOT / "build" if TEST_ROOT else REPO / "build" / "test"
KERNEL = os.environ.get("COURSE_TEST_KERNEL") or "python3"
# (блокнот, данные) → [(сид, metrics.json, секунды)] уроков `make lessons` за эту сессию pytest
LESSON_RESULTS = pytest.StashKey[dict[tuple[str, str], list[tuple[int, dict, float]]]]()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Тест с аргументом `notebook_path` исполняется для каждого блокнота курса (id — имя файла)."""
    if "notebook_path" in metafunc.fixturenames:
        metafunc.parametrize("notebook_path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Метка `smoke` — тестам smoke-запуска блокнота: `make test-compat` выбирает их `-m smoke`."""
    for item in items:
        if "smoke_run" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.smoke)


@pytest.fixture(scope="session")
def repo() -> Path:
    """Корень репозитория."""
    return REPO


@pytest.fixture(scope="session")
def build_dir() -> Path:
    """Папка, куда тесты исполняют блокноты: build/test."""
    return BUILD


@pytest.fixture(scope="session")
def notebooks_dir() -> Path:
    """Папка блокнотов, которые исполняют тесты: notebooks/ репозитория или её копия из COURSE_TEST_ROOT."""
    return NOTEBOOKS_DIR


@pytest.fixture(scope="session")
def kernel_name() -> str:
    """Ядро Jupyter, в котором тесты исполняют блокноты."""
    return KERNEL


@pytest.fixture(scope="session")
def notebook_paths() -> list[Path]:
    """Все блокноты курса по порядку номеров."""
    return NOTEBOOKS


def _load_notebook(notebook: str | Path) -> dict:
    path = Path(notebook)
    if not path.is_absolute():
        path = NOTEBOOKS_DIR / path
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def load_notebook() -> Callable[[str | Path], dict]:
    """Функция: блокнот (имя в notebooks/ или путь) → словарь JSON."""
    return _load_notebook


@pytest.fixture(scope="session")
def notebook_code(load_notebook) -> Callable[[str, str], dict]:
    """Функция: (блокнот, тег) → пространство имён после ячейки импортов и всех ячеек с этим тегом."""
    def run_tagged_cells(notebook: str, tag: str) -> dict:
        namespace: dict = {}
        for cell in load_notebook(notebook)["cells"]:
            tags = cell.get("metadata", {}).get("tags", [])
            if "imports" in tags or tag in tags:
                exec("".join(cell["source"]), namespace)
        return namespace

    return run_tagged_cells


class NotebookRunner:
    """Исполняет блокнот с параметрами и кэширует результат в пределах сессии pytest."""

    def __init__(self) -> None:
        self._done: dict[tuple, Path] = {}

    def __call__(self, notebook: str | Path, run_name: str, **parameters: object) -> Path:
        """Возвращает OUTPUT_DIR исполненного блокнота (papermill бросает ошибку, если ячейка упала).

        `notebook` — имя блокнота в notebooks/ или путь к блокноту вне её (например, к изданию в build/);
        исполненная копия ложится в OUTPUT_DIR под тем же именем.
        """
        import papermill

        path = NOTEBOOKS_DIR / notebook  # абсолютный путь pathlib оставляет как есть
        key = (str(path), run_name)
        if key not in self._done:
            output_dir = BUILD / path.stem / run_name
            output_dir.mkdir(parents=True, exist_ok=True)
            papermill.execute_notebook(
                str(path),
                str(output_dir / path.name),
                parameters={"OUTPUT_DIR": str(output_dir), **parameters},
                kernel_name=KERNEL,
                cwd=str(NOTEBOOKS_DIR),
                progress_bar=False,
            )
            self._done[key] = output_dir
        return self._done[key]


@pytest.fixture(scope="session")
def run_notebook() -> NotebookRunner:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return NotebookRunner()


@pytest.fixture(scope="module")
def smoke_run(request: pytest.FixtureRequest, run_notebook: NotebookRunner) -> tuple[Path, float]:
    """Один smoke-запуск блокнота `NOTEBOOK` (константа модуля теста), SEED 42, с чистой папки: (OUTPUT_DIR, секунды).

    Чистая папка нужна блокнотам с контрольными точками: иначе они продолжили бы прошлый запуск.
    """
    notebook = request.module.NOTEBOOK
    shutil.rmtree(BUILD / Path(notebook).stem / "smoke", ignore_errors=True)
    started = time.perf_counter()
    output_dir = run_notebook(notebook, "smoke", PROFILE="smoke", SEED=42)
    seconds = time.perf_counter() - started
    run = json.loads((output_dir / "run.json").read_text(encoding="utf-8"))
    assert run["profile"] == "smoke", "run.json описывает не этот запуск"
    assert run["seed"] == 42, "run.json описывает не этот запуск"
    return output_dir, seconds


def _read_metrics(output_dir: Path) -> dict[str, float]:
    return json.loads((output_dir / "metrics.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def read_metrics() -> Callable[[Path], dict[str, float]]:
    """Функция: OUTPUT_DIR → metrics.json, записанный блокнотом (файла нет — ошибка)."""
    return _read_metrics


def _interrupt_notebook(notebook: str, output_dir: Path, until: Callable[[Path], bool], *, timeout_s: float = 300,
                        **parameters: object) -> None:
    import psutil

    output_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "papermill", str(NOTEBOOKS_DIR / notebook),
               str(output_dir / f"interrupted-{notebook}"), "-k", KERNEL, "--cwd", str(NOTEBOOKS_DIR),
               "-p", "OUTPUT_DIR", str(output_dir)]
    for name, value in parameters.items():
        command += ["-p", name, str(value)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout_s
    try:
        while not until(output_dir):
            assert process.poll() is None, "блокнот завершился раньше, чем наступило условие прерывания"
            assert time.monotonic() < deadline, f"условие прерывания не наступило за {timeout_s} с"
            time.sleep(0.2)
    finally:
        family = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)] \
            if process.poll() is None else []
        for member in family:
            member.kill()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def interrupt_notebook() -> Callable[..., None]:
    """Функция `(блокнот, OUTPUT_DIR, until, **параметры)`: запускает блокнот через papermill и убивает его
    вместе с ядром, как только `until(OUTPUT_DIR)` истинно.

    Так тесты изображают обрыв сессии (перезапуск ядра, отключение Colab) посреди обучения.
    """
    return _interrupt_notebook


@pytest.fixture(scope="session")
def lesson_results(request: pytest.FixtureRequest) -> dict[tuple[str, str], list[tuple[int, dict, float]]]:
    """(блокнот, данные) → [(сид, metrics.json, секунды)]: уроки `make lessons`, исполненные в этой сессии."""
    return request.config.stash.setdefault(LESSON_RESULTS, {})


def _load_tool(name: str) -> ModuleType:
    """tools/<name>.py как модуль (tools/ — не пакет: грузится по пути и регистрируется в sys.modules для dataclass)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def spellcheck() -> ModuleType:
    """tools/spellcheck.py — проверка русского текста."""
    return _load_tool("spellcheck")


@pytest.fixture(scope="session")
def make_corpus() -> ModuleType:
    """tools/make_corpus.py — сборка офлайн-корпуса блокнота 06 из прозы блокнотов."""
    return _load_tool("make_corpus")


@pytest.fixture(scope="session")
def retarget() -> ModuleType:
    """tools/retarget.py — перевод курса на другой адрес и выпуск (make retarget)."""
    return _load_tool("retarget")


@pytest.fixture(scope="session")
def editions() -> ModuleType:
    """tools/editions.py — издания блокнотов для студентов и для преподавателя."""
    return _load_tool("editions")


@pytest.fixture(scope="session")
def configure_lab() -> ModuleType:
    """tools/configure_lab.py — настройки JupyterLab курса (язык, новости, ядро)."""
    return _load_tool("configure_lab")


class LabServer:
    """JupyterLab, поднятый `make lab`: адрес, токен и запросы к API сервера."""

    token = "course-test-token"

    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"

    def api(self, path: str, method: str = "GET") -> dict:
        """Ответ API сервера (JSON) на запрос path с токеном."""
        request = urllib.request.Request(self.url + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else {}

    def answers(self) -> bool:
        """Сервер уже принимает запросы."""
        try:
            self.api("/api/status")
        except (urllib.error.URLError, ConnectionError):
            return False
        return True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _make_lab(log: Path, lab_args: str = "", env: dict[str, str] | None = None,
              timeout_s: float = 120) -> Iterator[LabServer]:
    lab = LabServer(_free_port())
    arguments = (f"LAB_ARGS=--no-browser --ip=127.0.0.1 --port={lab.port} "
                 f"--IdentityProvider.token={lab.token} {lab_args}")
    with open(log, "w") as log_file:
        server = subprocess.Popen(["make", "lab", arguments], cwd=REPO, env=env, stdout=log_file,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + timeout_s
            while not lab.answers():
                assert server.poll() is None, "make lab завершился раньше времени:\n" + log.read_text()
                assert time.monotonic() < deadline, f"JupyterLab не ответил за {timeout_s} с:\n" + log.read_text()
                time.sleep(1)
            yield lab
            lab.api("/api/shutdown", method="POST")
            assert server.wait(timeout=60) == 0, "JupyterLab не остановился чисто:\n" + log.read_text()
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)


@pytest.fixture(scope="session")
def make_lab() -> Callable[..., contextlib.AbstractContextManager[LabServer]]:
    """Функция `(лог, ключи JupyterLab, окружение)` → блок with, внутри которого работает `make lab`.

    Сервер слушает свободный порт на 127.0.0.1 без браузера; блок ждёт его ответа, на выходе останавливает его
    через API (`/api/shutdown`) и проверяет, что make завершился без ошибки.
    """
    return _make_lab


@pytest.fixture(scope="session")
def alt_text() -> ModuleType:
    """tools/alt_text.py — альтернативный текст картинок: из метаданных ячейки в её выходы."""
    return _load_tool("alt_text")


@pytest.fixture(scope="session")
def build_site() -> ModuleType:
    """tools/build_site.py — исходники сайта курса для Sphinx из исполненных блокнотов."""
    return _load_tool("build_site")


@pytest.fixture(scope="session")
def check_python() -> ModuleType:
    """tools/check_python.py — проверка версии Python перед make install."""
    return _load_tool("check_python")


@pytest.fixture(scope="session")
def make_venv(check_python) -> ModuleType:
    """tools/make_venv.py — создание и починка окружения для make install (импортирует check_python)."""
    return _load_tool("make_venv")


@pytest.fixture(scope="session")
def compat_requirements() -> ModuleType:
    """tools/compat_requirements.py — требования `make test-compat` из нижних границ extras pyproject.toml."""
    return _load_tool("compat_requirements")


def pytest_terminal_summary(terminalreporter) -> None:
    """После `make lessons`: каждая метрика урока по сидам, среднее и разброс (стандартное отклонение)."""
    import statistics

    from helpers import group_digits

    for (notebook, data), runs in terminalreporter.config.stash.get(LESSON_RESULTS, {}).items():
        terminalreporter.section(f"{notebook} ({data}): сиды {', '.join(str(seed) for seed, _, _ in runs)}")
        rows = {name: [metrics[name] for _, metrics, _ in runs if name in metrics] for name in runs[0][1]}
        rows["elapsed_seconds"] = [seconds for _, _, seconds in runs]
        for name, values in rows.items():
            spread = statistics.stdev(values) if len(values) > 1 else 0.0
            mean = statistics.mean(values)
            shown = "  ".join(group_digits(value) if isinstance(value, int) else f"{value:.4g}" for value in values)
            mean_shown = group_digits(int(mean)) if float(mean).is_integer() else f"{mean:.4g}"
            terminalreporter.write_line(f"{name:36s} {shown:40s} среднее {mean_shown} ± {spread:.2g}")
