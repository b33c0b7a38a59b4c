"""Обновляет сохранённые для nbval выходы: исполняет блокнот (smoke) и переносит в исходник
выходы только ячеек с пометкой NBVAL_CHECK_OUTPUT; остальные выходы остаются пустыми.

Запуск: `.venv/bin/python tools/keep_outputs.py notebooks/04_q_learning_frozenlake.ipynb`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import nbformat
import papermill

MARK = "NBVAL_CHECK_OUTPUT"


def keep_outputs(path: Path) -> int:
    """Возвращает число ячеек, чьи выходы сохранены."""
    with tempfile.TemporaryDirectory() as workdir:
        executed_path = Path(workdir) / path.name
        papermill.execute_notebook(str(path), str(executed_path), kernel_name="python3", cwd=str(path.parent),
                                   parameters={"PROFILE": "smoke", "OUTPUT_DIR": workdir}, progress_bar=False)
        executed = nbformat.read(executed_path, as_version=4)
    source = nbformat.read(path, as_version=4)
    executed_by_id = {cell.id: cell for cell in executed.cells}
    kept = 0
    for number, cell in enumerate((c for c in source.cells if c.cell_type == "code"), start=1):
        cell.outputs, cell.execution_count = [], None
        if MARK in cell.source:
            cell.outputs = executed_by_id[cell.id].outputs
            cell.execution_count = number
            kept += 1
    nbformat.write(source, path)
    return kept


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        print(f"{argument}: сохранены выходы {keep_outputs(Path(argument))} ячеек")
