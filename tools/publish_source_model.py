"""Обучает исходную модель блокнота 05 (профиль cpu) и кладёт её веса в пакет: helpers/pretrained/.

Рецепт обучения — в самом блокноте (таблица профилей и раздел 6.1): скрипт исполняет блокнот через
papermill в профиле cpu с пустым кэшем курса и самой короткой кривой обучения, а затем копирует
обученный файл весов из кэша в `helpers.transfer.PUBLISHED_FOLDER`. Имя файла — отпечаток рецепта
(`helpers.transfer.trained_weights_name`): поменялся рецепт — блокнот не найдёт старые веса и обучит
исходную модель сам, пока веса не пересоберут этой командой.

Запуск: `make source-model` (на 2-ядерном CPU — несколько минут).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from helpers.data import CACHE_ENV  # noqa: E402

NOTEBOOK = REPO / "notebooks" / "05_transfer_learning.ipynb"
PUBLISHED = REPO / "helpers" / "pretrained"
# Кривая из одной точки и по эпохе на модель: нужна только исходная модель.
SHORT_RUN = {"PROFILE": "cpu", "LABELS_PER_CLASS": [2], "MAIN_LABELS_PER_CLASS": 2, "EPOCHS_SCRATCH": 1,
             "EPOCHS_HEAD": 1, "EPOCHS_FINETUNE": 1, "MIN_STEPS_PER_EPOCH": 1}


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        hidden = work_dir / "published-before"
        if PUBLISHED.exists():
            shutil.move(PUBLISHED, hidden)  # иначе блокнот возьмёт старые веса, а не обучит новые
        try:
            parameters = [arg for name, value in SHORT_RUN.items() for arg in ("-y", json.dumps({name: value}))]
            subprocess.run([sys.executable, "-m", "papermill", str(NOTEBOOK), str(work_dir / "05.ipynb"),
                            *parameters, "-p", "OUTPUT_DIR", str(work_dir / "out"), "--cwd", str(NOTEBOOK.parent)],
                           check=True, env=os.environ | {CACHE_ENV: str(work_dir / "cache")})
        finally:
            if hidden.exists():
                shutil.move(hidden, PUBLISHED)
        trained = sorted((work_dir / "cache" / "transfer").glob("*.weights.h5"))
        if len(trained) != 1:
            raise RuntimeError(f"Ожидался один файл весов исходной модели в кэше, найдено: {trained}")
        for old in PUBLISHED.glob("*.weights.h5"):
            old.unlink()
        PUBLISHED.mkdir(exist_ok=True)
        published = PUBLISHED / trained[0].name
        shutil.copy2(trained[0], published)
        metrics = json.loads((work_dir / "out" / "metrics.json").read_text(encoding="utf-8"))
    print(f"Веса исходной модели: {published} ({published.stat().st_size / 2**20:.1f} МиБ); "
          f"точность на своей задаче {metrics['source_accuracy']:.3f}, "
          f"на рукописных цифрах без обучения {metrics['source_zero_shot_accuracy']:.3f}")


if __name__ == "__main__":
    main()
