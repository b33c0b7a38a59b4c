"""Общие фикстуры: пути репозитория и исполнение блокнотов через papermill (один раз на набор параметров)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
BUILD = REPO / "build" / "test"
# (блокнот, данные) → [(сид, metrics.json, секунды)] уроков `make lessons` за эту сессию pytest
LESSON_RESULTS: dict[tuple[str, str], list[tuple[int, dict, float]]] = {}


def load_notebook(path: Path) -> dict:
    """Блокнот как словарь JSON."""
    return json.loads(path.read_text(encoding="utf-8"))


class NotebookRunner:
    """Исполняет блокнот с параметрами и кэширует результат в пределах сессии pytest."""

    def __init__(self) -> None:
        self._done: dict[tuple, Path] = {}

    def __call__(self, notebook: str, run_name: str, **parameters: object) -> Path:
        """Возвращает OUTPUT_DIR исполненного блокнота (papermill бросает ошибку, если ячейка упала)."""
        import papermill

        key = (notebook, run_name)
        if key not in self._done:
            output_dir = BUILD / Path(notebook).stem / run_name
            output_dir.mkdir(parents=True, exist_ok=True)
            papermill.execute_notebook(
                str(REPO / "notebooks" / notebook),
                str(output_dir / notebook),
                parameters={"OUTPUT_DIR": str(output_dir), **parameters},
                kernel_name="python3",
                cwd=str(REPO / "notebooks"),
                progress_bar=False,
            )
            self._done[key] = output_dir
        return self._done[key]


@pytest.fixture(scope="session")
def run_notebook() -> NotebookRunner:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return NotebookRunner()


def smoke_run_fixture(notebook: str):
    """Фикстура модуля: один smoke-запуск блокнота (SEED 42) с чистой папки — (OUTPUT_DIR, секунды).

    Чистая папка нужна блокнотам с контрольными точками: иначе они продолжили бы прошлый запуск.
    """

    @pytest.fixture(scope="module")
    def smoke_run(run_notebook: NotebookRunner) -> tuple[Path, float]:
        shutil.rmtree(BUILD / Path(notebook).stem / "smoke", ignore_errors=True)
        started = time.perf_counter()
        output_dir = run_notebook(notebook, "smoke", PROFILE="smoke", SEED=42)
        seconds = time.perf_counter() - started
        run = json.loads((output_dir / "run.json").read_text(encoding="utf-8"))
        assert (run["profile"], run["seed"]) == ("smoke", 42), "run.json описывает не этот запуск"
        return output_dir, seconds

    return smoke_run


def read_metrics(output_dir: Path) -> dict[str, float]:
    """metrics.json, записанный блокнотом."""
    return json.loads((output_dir / "metrics.json").read_text(encoding="utf-8"))


def interrupt_notebook(notebook: str, output_dir: Path, until: Callable[[Path], bool], *, timeout_s: float = 300,
                       **parameters: object) -> None:
    """Запускает блокнот через papermill и убивает его вместе с ядром, как только `until(output_dir)` истинно.

    Так тесты изображают обрыв сессии (перезапуск ядра, отключение Colab) посреди обучения.
    """
    import psutil

    output_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "papermill", str(REPO / "notebooks" / notebook),
               str(output_dir / f"interrupted-{notebook}"), "-k", "python3", "--cwd", str(REPO / "notebooks"),
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


def pytest_terminal_summary(terminalreporter) -> None:
    """После `make lessons`: каждая метрика урока по сидам, среднее и разброс (стандартное отклонение)."""
    import statistics

    from helpers import group_digits

    for (notebook, data), runs in LESSON_RESULTS.items():
        terminalreporter.section(f"{notebook} ({data}): сиды {', '.join(str(seed) for seed, _, _ in runs)}")
        rows = {name: [metrics[name] for _, metrics, _ in runs if name in metrics] for name in runs[0][1]}
        rows["elapsed_seconds"] = [seconds for _, _, seconds in runs]
        for name, values in rows.items():
            spread = statistics.stdev(values) if len(values) > 1 else 0.0
            mean = statistics.mean(values)
            shown = "  ".join(group_digits(value) if isinstance(value, int) else f"{value:.4g}" for value in values)
            mean_shown = group_digits(int(mean)) if float(mean).is_integer() else f"{mean:.4g}"
            terminalreporter.write_line(f"{name:36s} {shown:40s} среднее {mean_shown} ± {spread:.2g}")
