"""Общие фикстуры: пути репозитория и исполнение блокнотов через papermill (один раз на набор параметров)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
BUILD = REPO / "build" / "test"


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


def read_metrics(output_dir: Path) -> dict[str, float]:
    """metrics.json, записанный блокнотом."""
    return json.loads((output_dir / "metrics.json").read_text(encoding="utf-8"))
