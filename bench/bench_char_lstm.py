"""Память и скорость обучения символьной LSTM: наш конвейер (блокнот 06) против прямого кодирования лекции.

Корпус один для обоих: русская проза блокнотов курса (`helpers.data.course_prose`), строчными буквами,
повторённая столько раз, чтобы получилось ~200 тысяч окон (60 символов, шаг 3) — столько же, сколько
даёт текст лекции (Ницше, ~600 тысяч символов). Повтор честен для замера: память и скорость зависят от
размеров, а не от содержания текста. Словарь корпуса (русские буквы, цифры, пунктуация) близок по размеру
к словарю Ницше, поэтому и массив прямого кодирования — того же порядка, что 652 МиБ из замера лекционного текста.

- Лекция: окна → массивы `bool` формы (окна, 60, V) и (окна, V), `model.fit(x, y, batch_size=128)`,
  `categorical_crossentropy`, модель LSTM(128) → Dense(V, softmax).
- Наш: текст номерами → `helpers.char_lstm.window_dataset` (окна на лету), модель `build_model` из
  блокнота (та же, плюс слой `CategoryEncoding`), `sparse_categorical_crossentropy`.

Каждый вариант — в своём подпроцессе, чтобы пиковая память (ru_maxrss) была его собственной. Печатаются
пиковая память процесса целиком и прирост над базой (процесс после импорта TensorFlow и сборки модели,
до данных), а также скорость: символы входа в секунду (окна/с × 60), после нескольких шагов разогрева.
Цель: наш вариант занимает ≤ 1/10 памяти лекционного (по приросту над базой) и не медленнее его.

Запуск: `make bench` или `.venv/bin/python bench/bench_char_lstm.py [--windows 200000 --steps 60]`.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("MPLBACKEND", "Agg")

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "06_char_lstm.ipynb"
MAXLEN, STEP, BATCH_SIZE, WARMUP_STEPS = 60, 3, 128, 5
MEMORY_TARGET, SPEED_TARGET = 0.1, 1.0


def rss_bytes() -> int:
    """Текущая резидентная память процесса."""
    with open("/proc/self/statm") as stream:
        return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def corpus(windows: int) -> str:
    """Проза курса строчными, повторённая до нужного числа окон."""
    from helpers.data import course_prose

    prose = course_prose().lower() + "\n"
    n_chars = MAXLEN + 1 + STEP * (windows - 1)
    return (prose * (n_chars // len(prose) + 1))[:n_chars]


def notebook_build_model(vocab_size: int):
    """Функция build_model из блокнота 06 (после его ячеек параметров и импортов)."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    namespace: dict = {}
    for cell in cells:
        source = "".join(cell["source"])
        tags = cell.get("metadata", {}).get("tags", [])
        if "parameters" in tags or "imports" in tags:
            exec(source, namespace)
        elif cell["cell_type"] == "code" and "def build_model" in source:
            (definition,) = [node for node in ast.parse(source).body
                             if isinstance(node, ast.FunctionDef) and node.name == "build_model"]
            exec(compile(ast.Module([definition], type_ignores=[]), str(NOTEBOOK), "exec"), namespace)
    return namespace["build_model"](vocab_size, MAXLEN, 0.01)  # окно и скорость обучения лекции


def lecture_model(vocab_size: int):
    """Модель лекции на вход прямого кодирования."""
    import keras

    model = keras.Sequential([
        keras.Input(shape=(MAXLEN, vocab_size)),
        keras.layers.LSTM(128),
        keras.layers.Dense(vocab_size, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.01), loss="categorical_crossentropy")
    return model


def measure(variant: str, windows: int, steps: int) -> dict:
    """Один вариант в этом процессе: база памяти, данные, обучение на warmup + steps шагов."""
    import keras
    import numpy as np

    from helpers.char_lstm import CharVocabulary, make_windows, window_dataset

    keras.utils.set_random_seed(0)
    text = corpus(windows)
    vocab = CharVocabulary.from_text(text)
    model = lecture_model(len(vocab)) if variant == "onehot" else notebook_build_model(len(vocab))
    baseline = rss_bytes()

    ids = vocab.encode(text)
    del text
    if variant == "onehot":
        x_index, y_index = make_windows(ids, MAXLEN, STEP)
        eye = np.eye(len(vocab), dtype=bool)
        x, y = eye[x_index], eye[y_index]
        del x_index, y_index, ids
        data = {"x": x, "y": y, "batch_size": BATCH_SIZE}
        n_windows = len(x)
    else:
        data = {"x": window_dataset(ids, maxlen=MAXLEN, step=STEP, batch_size=BATCH_SIZE, shuffle=True, seed=0),
                "shuffle": False}
        n_windows = (len(ids) - MAXLEN - 1) // STEP + 1

    marks: list[float] = []
    timer = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: marks.append(time.perf_counter()))
    model.fit(**data, epochs=1, steps_per_epoch=WARMUP_STEPS + steps, callbacks=[timer], verbose=0)
    seconds = marks[-1] - marks[WARMUP_STEPS - 1]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"variant": variant, "windows": n_windows, "vocab": len(vocab), "baseline": baseline, "peak": peak,
            "chars_per_s": steps * BATCH_SIZE * MAXLEN / seconds}


def run_child(variant: str, windows: int, steps: int) -> dict:
    command = [sys.executable, __file__, "--variant", variant, "--windows", str(windows), "--steps", str(steps)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"вариант {variant} упал:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", choices=("onehot", "ours"))
    parser.add_argument("--windows", type=int, default=200_000)
    parser.add_argument("--steps", type=int, default=60)
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(measure(args.variant, args.windows, args.steps)))
        return

    from helpers.metrics import group_digits

    lecture, ours = (run_child(variant, args.windows, args.steps) for variant in ("onehot", "ours"))
    mib = 2**20
    print(f"Символьная LSTM(128): {group_digits(lecture['windows'])} окон по {MAXLEN} символов, словарь V = {lecture['vocab']}, "
          f"батч {BATCH_SIZE}, замер на {args.steps} шагах после {WARMUP_STEPS} шагов разогрева")
    print(f"{'':34s}{'лекция (one-hot)':>18s}{'наш (tf.data)':>16s}{'наш / лекция':>14s}")
    rows = [("пиковая память процесса, МиБ", lecture["peak"] / mib, ours["peak"] / mib),
            ("прирост над базой, МиБ", (lecture["peak"] - lecture["baseline"]) / mib,
             (ours["peak"] - ours["baseline"]) / mib),
            ("скорость, символов входа/с", lecture["chars_per_s"], ours["chars_per_s"])]
    for name, first, second in rows:
        print(f"{name:34s}{group_digits(round(first)):>18s}{group_digits(round(second)):>16s}{second / first:14.3f}")
    memory_ratio = rows[1][2] / rows[1][1]
    speed_ratio = ours["chars_per_s"] / lecture["chars_per_s"]
    memory_ok, speed_ok = memory_ratio <= MEMORY_TARGET, speed_ratio >= SPEED_TARGET  # вердикт печатается
    print(f"Память (прирост): наш / лекция = {memory_ratio:.3f} (цель ≤ {MEMORY_TARGET}) — "
          f"{'выполнено' if memory_ok else 'НЕ выполнено'}")
    print(f"Скорость: наш / лекция = {speed_ratio:.3f} (цель ≥ {SPEED_TARGET}) — "
          f"{'выполнено' if speed_ok else 'НЕ выполнено (на общей машине замер шумный: повторите без нагрузки)'}")


if __name__ == "__main__":
    main()
