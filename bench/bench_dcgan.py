"""Скорость шага обучения DCGAN: наш шаг из блокнота 02 против шага, написанного как в лекции.

Оба — одни и те же модели лекции, батч 256, `tf.function` без XLA, на этом CPU. Наш шаг берётся
прямо из блокнота (ячейки с build_generator, build_discriminator, sample_latent, функциями потерь и
train_step) и прогоняется так же, как в ячейке обучения: список результатов шагов и средние за эпоху.
Эталон — шаг лекции (шум на весь батч, две ленты, BCE по логитам) в простом цикле `for batch in dataset`.
Третий участник — наш же шаг, скомпилированный XLA (`jit_compile=True`): блокнот XLA не включает, и
бенчмарк показывает, во сколько раз XLA быстрее или медленнее на этом CPU. Печатается и время одного шага
с батчем 256 — из него прогноз для профиля `full` на CPU (100 эпох по 234 шага).
Замеры чередуются раундами, чтобы фоновая нагрузка делилась поровну. Цель: наш ≥ 0.95× эталона.

Запуск: `make bench` или `.venv/bin/python bench/bench_dcgan.py`.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_dcgan_mnist.ipynb"
BATCH_SIZE = 256
STEPS_PER_ROUND = 3
ROUNDS = 6
TARGET = 0.95
FULL_EPOCHS, FULL_STEPS_PER_EPOCH = 100, 60_000 // BATCH_SIZE  # профиль full: лекция, весь MNIST
CELLS_WITH = ("def hidden_activation", "def sample_latent", "def build_discriminator", "def discriminator_loss",
              "def train_step")


def notebook_namespace() -> dict:
    """Параметры, импорты и определения из блокнота — тот самый код, который учится в блокноте."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    sources = ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]
    tagged = {tag: "".join(cell["source"]) for cell in cells for tag in cell.get("metadata", {}).get("tags", [])}
    namespace: dict = {}
    exec(tagged["parameters"], namespace)
    namespace["PROFILE"] = "full"  # модели и скорости лекции (ядро 5×5, Adam 1e-4)
    exec(tagged["imports"], namespace)
    (profiles,) = [text for text in sources if "PROFILES = {" in text]
    exec(profiles.split("output_dir = ")[0], namespace)  # таблица профилей и params, без папки результатов
    namespace["STEPS_PER_EPOCH"] = STEPS_PER_ROUND
    for marker in CELLS_WITH:
        (source,) = [text for text in sources if marker in text]
        exec(source, namespace)
    # train_step берёт модели из глобальных имён при вызове — строим их так же, как блокнот
    namespace["generator"] = namespace["build_generator"]()
    namespace["discriminator"] = namespace["build_discriminator"]()
    return namespace


def ours(jit_compile: bool = False):
    namespace = notebook_namespace()
    train_step = namespace["train_step"]
    if jit_compile:
        train_step = tf.function(train_step.python_function, jit_compile=True)

    def epoch(dataset):
        step_results = [train_step(batch) for batch in dataset]
        return {key: float(np.mean([result[key] for result in step_results])) for key in step_results[0]}

    return epoch


def lecture():
    """Шаг, написанный как в лекции: глобальные модели, шум на batch_size, без возвращаемых значений."""
    namespace = notebook_namespace()  # те же построители моделей
    generator, discriminator = namespace["build_generator"](), namespace["build_discriminator"]()
    cross_entropy = tf.keras.losses.BinaryCrossentropy(from_logits=True)
    generator_optimizer = tf.keras.optimizers.Adam(1e-4)
    discriminator_optimizer = tf.keras.optimizers.Adam(1e-4)
    batch_size, noise_dim = BATCH_SIZE, 100

    def discriminator_loss(expected_output, fake_output):
        real_loss = cross_entropy(tf.ones_like(expected_output), expected_output)
        fake_loss = cross_entropy(tf.zeros_like(fake_output), fake_output)
        return real_loss + fake_loss

    def generator_loss(fake_output):
        return cross_entropy(tf.ones_like(fake_output), fake_output)

    @tf.function
    def train_steps(images):
        noise = tf.random.normal([batch_size, noise_dim])
        with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
            generated_images = generator(noise, training=True)
            expected_output = discriminator(images, training=True)
            fake_output = discriminator(generated_images, training=True)
            gen_loss = generator_loss(fake_output)
            disc_loss = discriminator_loss(expected_output, fake_output)
        gradients_of_generator = gen_tape.gradient(gen_loss, generator.trainable_variables)
        gradients_of_discriminator = disc_tape.gradient(disc_loss, discriminator.trainable_variables)
        generator_optimizer.apply_gradients(zip(gradients_of_generator, generator.trainable_variables, strict=True))
        discriminator_optimizer.apply_gradients(
            zip(gradients_of_discriminator, discriminator.trainable_variables, strict=True))

    def epoch(dataset):
        for image_batch in dataset:
            train_steps(image_batch)

    return epoch


def main() -> None:
    images = tf.random.uniform([BATCH_SIZE * STEPS_PER_ROUND, 28, 28, 1], -1.0, 1.0, seed=0)
    dataset = tf.data.Dataset.from_tensor_slices(images).batch(BATCH_SIZE, drop_remainder=True).prefetch(
        tf.data.AUTOTUNE)
    sides = {"наш шаг (блокнот 02)": ours(), "шаг как в лекции": lecture(), "наш шаг с XLA": ours(jit_compile=True)}
    warmup = tf.data.Dataset.from_tensor_slices(images[:BATCH_SIZE]).batch(BATCH_SIZE)
    for run in sides.values():
        run(warmup)  # трассировка tf.function
    rates: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(ROUNDS):
        for name, run in sides.items():
            started = time.perf_counter()
            run(dataset)
            rates[name].append(BATCH_SIZE * STEPS_PER_ROUND / (time.perf_counter() - started))
    medians = {name: statistics.median(values) for name, values in rates.items()}
    best = {name: max(values) for name, values in rates.items()}
    print(f"DCGAN, батч {BATCH_SIZE}, {ROUNDS} раундов по {STEPS_PER_ROUND} шага, CPU, без XLA:")
    for name, value in medians.items():
        print(f"  {name:24s} медиана {value:7.1f} картинок/с, лучший раунд {best[name]:7.1f} "
              f"(раунды: {', '.join(f'{v:.0f}' for v in rates[name])})")
    ours_name, lecture_name, xla_name = sides
    ratio = medians[ours_name] / medians[lecture_name]
    verdict = "OK" if ratio >= TARGET else f"МЕДЛЕННЕЕ цели {TARGET}×"
    print(f"  отношение наш / лекция: по медианам {ratio:.3f} ({verdict}), "
          f"по лучшим раундам {best[ours_name] / best[lecture_name]:.3f}")
    print(f"  XLA / без XLA: по медианам {medians[xla_name] / medians[ours_name]:.2f} (больше 1 — XLA быстрее)")
    step_seconds = BATCH_SIZE / medians[ours_name]
    full_hours = step_seconds * FULL_STEPS_PER_EPOCH * FULL_EPOCHS / 3600
    print(f"  наш шаг с батчем {BATCH_SIZE}: {step_seconds:.2f} с; профиль full ({FULL_EPOCHS} эпох по "
          f"{FULL_STEPS_PER_EPOCH} шага) на этом CPU ≈ {full_hours:.1f} ч")
    print("  (на общей машине раунды шумят: при большом разбросе повторите на свободной)")


if __name__ == "__main__":
    main()
