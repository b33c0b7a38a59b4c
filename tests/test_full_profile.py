"""Профиль full блокнотов 02, 03, 05 и 06 — без сети, на подставных файлах в DATA_DIR.

Профиль full (лекция как есть, его запускает каждый пользователь Colab) берёт настоящие данные и веса; в CI
их не скачать. Поэтому тесты сами делают файлы в тех форматах, которые full читает из DATA_DIR, —
маленькие и со случайными весами:

- 02: `mnist.npz` в формате Keras (x_train, y_train, x_test, y_test; uint8, картинки 28×28);
- 03: `beans/` — DatasetDict, записанный `save_to_disk` (сплиты train/validation/test, колонки
  image_file_path, image, labels с именами классов beans), и `beans-vit-224/` — маленький
  ViTForImageClassification с метками beans и его ViTImageProcessor, записанные `save_pretrained`;
- 05: веса MobileNetV2 без головы со случайными значениями в файле с именем весов ImageNet и в старом формате
  h5 Keras, в котором их публикует keras.applications, и тот же `beans/`;
- 06: `nietzsche.txt` — придуманный английский текст.

Каждый блокнот исполняется в профиле full с уменьшенными ручками ячейки параметров (эпохи, сторона картинки,
точки кривой обучения) — проходит весь код профиля, кроме самой загрузки из сети. Кэши курса и Keras — пустые
временные папки, Hub выключен (HF_HUB_OFFLINE): всё, что блокнот прочёл, пришло из DATA_DIR.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from helpers.data import load_digits

pytestmark = pytest.mark.notebook

RUN_NAME = "full-stand-ins"
SEED = 42
BEANS_CLASSES = ("angular_leaf_spot", "bean_rust", "healthy")
# Картинок каждого класса в сплитах подставного beans. В validation — не меньше батча оценки 03 (4 × 8 = 32
# картинки, Trainer отбрасывает неполный батч), в train — хотя бы по 2 (первая точка кривой 05).
BEANS_PER_CLASS = {"train": 8, "validation": 11, "test": 4}
BEANS_IMAGE_SIZE = 40  # сторона подставных листьев (настоящие — 500×500)
TEACHER_IMAGE_SIZE = 32  # сторона входа подставного учителя 03: её задаёт его image processor
MNIST_TRAIN, MNIST_TEST = 600, 200  # два батча лекции (256) на эпоху
WEIGHTS_FILE = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5"
TEXT_CHARS = 15_000  # валидация (последние 10 %) длиннее образца замера MEASURE_LENGTH

# Ручки, которые запуск меняет; остальное — из таблицы профиля full.
TINY = {
    "02_dcgan_mnist.ipynb": dict(EPOCHS=2, QUALITY_SAMPLES=1000),
    "03_distillation_vit_mobilenet.ipynb": dict(EPOCHS=1),
    "05_transfer_learning.ipynb": dict(IMAGE_SIZE=32, LABELS_PER_CLASS=[2, 0], EPOCHS_SCRATCH=1, EPOCHS_HEAD=1,
                                       EPOCHS_FINETUNE=1),
    "06_char_lstm.ipynb": dict(EPOCHS=2, SAMPLE_LENGTH=100, MEASURE_LENGTH=300),
}


# --- подставные файлы ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """Папка DATA_DIR: в неё кладут подставные файлы все функции ниже."""
    return tmp_path_factory.mktemp("data_dir")


@pytest.fixture(scope="module")
def mnist_npz(data_dir) -> Path:
    """mnist.npz в формате tf.keras.datasets.mnist: рукописные цифры scikit-learn 28×28, uint8."""
    images, labels = load_digits(size=28)
    pixels = np.round(images[..., 0] * 255).astype(np.uint8)
    order = np.random.default_rng(0).permutation(len(labels))
    train, test = order[:MNIST_TRAIN], order[MNIST_TRAIN:MNIST_TRAIN + MNIST_TEST]
    path = data_dir / "mnist.npz"
    np.savez(path, x_train=pixels[train], y_train=labels[train].astype(np.uint8),
             x_test=pixels[test], y_test=labels[test].astype(np.uint8))
    return path


@pytest.fixture(scope="module")
def beans_dir(data_dir) -> Path:
    """beans/ — копия `load_dataset("beans").save_to_disk(...)`: те же сплиты, колонки и имена классов."""
    import datasets
    from PIL import Image

    rng = np.random.default_rng(0)
    features = datasets.Features({"image_file_path": datasets.Value("string"), "image": datasets.Image(),
                                  "labels": datasets.ClassLabel(names=list(BEANS_CLASSES))})
    splits = {}
    for split, per_class in BEANS_PER_CLASS.items():
        rows = {"image_file_path": [], "image": [], "labels": []}
        for label, name in enumerate(BEANS_CLASSES):
            for index in range(per_class):
                pixels = rng.integers(0, 256, (BEANS_IMAGE_SIZE, BEANS_IMAGE_SIZE, 3))
                pixels[..., label] = np.maximum(pixels[..., label], 160)  # свой цвет у каждого класса
                rows["image_file_path"].append(f"/beans/{split}/{name}/{name}_{index}.jpg")
                rows["image"].append(Image.fromarray(pixels.astype(np.uint8), mode="RGB"))
                rows["labels"].append(label)
        splits[split] = datasets.Dataset.from_dict(rows, features=features)
    path = data_dir / "beans"
    datasets.DatasetDict(splits).save_to_disk(str(path))
    return path


@pytest.fixture(scope="module")
def teacher_dir(data_dir) -> tuple[Path, int]:
    """beans-vit-224/ — как `hf download merve/beans-vit-224`: модель и image processor, записанные save_pretrained.

    ViT маленький (но, как настоящий учитель, больше ученика) и со случайными весами; метки — классы beans.
    Возвращает папку и число параметров учителя.
    """
    import torch
    from transformers import ViTConfig, ViTForImageClassification, ViTImageProcessor

    torch.manual_seed(0)
    id2label = dict(enumerate(BEANS_CLASSES))
    teacher = ViTForImageClassification(ViTConfig(
        image_size=TEACHER_IMAGE_SIZE, patch_size=8, hidden_size=256, num_hidden_layers=4, num_attention_heads=4,
        intermediate_size=1024, num_labels=len(BEANS_CLASSES), id2label=id2label,
        label2id={name: label for label, name in id2label.items()}))
    path = data_dir / "beans-vit-224"
    teacher.save_pretrained(path)
    ViTImageProcessor(size={"height": TEACHER_IMAGE_SIZE, "width": TEACHER_IMAGE_SIZE}, image_mean=[0.5] * 3,
                      image_std=[0.5] * 3).save_pretrained(path)
    return path, teacher.num_parameters()


def write_legacy_h5_weights(model, path: Path) -> None:
    """Веса модели в старом формате h5 Keras, в котором keras.applications публикует веса ImageNet.

    В корне — атрибут layer_names; у каждого слоя — группа с атрибутом weight_names и массивами весов
    в старом порядке: сначала обучаемые, затем необучаемые. Keras 3 читает такой файл по порядку слоёв.
    """
    import h5py
    import keras

    with h5py.File(path, "w") as file:
        file.attrs["layer_names"] = np.array([layer.name.encode() for layer in model.layers])
        file.attrs["backend"] = b"tensorflow"
        file.attrs["keras_version"] = keras.__version__.encode()
        for layer in model.layers:
            weights = layer.trainable_weights + layer.non_trainable_weights
            names = [f"{layer.name}/{weight.name}:0" for weight in weights]
            group = file.create_group(layer.name)
            group.attrs["weight_names"] = np.array([name.encode() for name in names], dtype="S")
            for name, weight in zip(names, weights, strict=True):
                group.create_dataset(name, data=keras.ops.convert_to_numpy(weight))


@pytest.fixture(scope="module")
def mobilenet_weights(data_dir) -> tuple[Path, list[np.ndarray]]:
    """Файл «весов ImageNet» MobileNetV2 1.0 без головы: случайные веса под именем, которое ищет keras.applications.

    Возвращает путь и сами веса (model.get_weights()), чтобы сверить их с тем, что прочтёт Keras.
    """
    import keras

    keras.utils.set_random_seed(0)
    model = keras.applications.MobileNetV2(include_top=False, weights=None, input_shape=(224, 224, 3))
    path = data_dir / WEIGHTS_FILE
    write_legacy_h5_weights(model, path)
    return path, model.get_weights()


@pytest.fixture(scope="module")
def text_file(data_dir) -> tuple[Path, str]:
    """nietzsche.txt — придуманный английский текст из предложений с заглавной буквы и с абзацами."""
    rng = np.random.default_rng(0)
    words = ("the will to power is what every philosopher calls truth and morality but a free spirit "
             "knows that man must overcome himself for life itself is growth of strength beyond good evil").split()
    paragraphs, length = [], 0
    while length < TEXT_CHARS:
        sentences = [" ".join(rng.choice(words, int(rng.integers(5, 15)))).capitalize() + rng.choice([".", "!", "?", ";"])
                     for _ in range(int(rng.integers(2, 6)))]
        paragraphs.append(" ".join(sentences))
        length += len(paragraphs[-1]) + 2
    text = "\n\n".join(paragraphs)
    path = data_dir / "nietzsche.txt"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_stand_in_weights_load_like_imagenet_weights(mobilenet_weights):
    """keras.applications читает подставной файл, как настоящий: веса те же, и на другой стороне входа."""
    import keras

    path, expected = mobilenet_weights
    loaded = keras.applications.MobileNetV2(include_top=False, weights=str(path), input_shape=(32, 32, 3))
    weights = loaded.get_weights()
    assert len(weights) == len(expected)
    assert all(np.array_equal(got, want) for got, want in zip(weights, expected, strict=True))


# --- запуски в профиле full ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def run_full(run_notebook, build_dir, data_dir, tmp_path_factory):
    """Функция: блокнот → OUTPUT_DIR его запуска в профиле full на DATA_DIR с подставными файлами.

    Запуск — с чистой папки (иначе 02 и 06 продолжили бы прошлый запуск с контрольной точки), с пустыми
    кэшами курса и Keras и без Hub.
    """
    def run(notebook: str) -> Path:
        shutil.rmtree(build_dir / Path(notebook).stem / RUN_NAME, ignore_errors=True)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("COURSE_CACHE_DIR", str(tmp_path_factory.mktemp("course_cache")))
            patch.setenv("KERAS_HOME", str(tmp_path_factory.mktemp("keras_home")))
            patch.setenv("HF_HUB_OFFLINE", "1")
            return run_notebook(notebook, RUN_NAME, PROFILE="full", SEED=SEED, DATA_DIR=str(data_dir),
                                **TINY[notebook])

    return run


def read_run(output_dir: Path) -> dict:
    run = json.loads((output_dir / "run.json").read_text(encoding="utf-8"))
    assert (run["profile"], run["seed"]) == ("full", SEED), "run.json описывает не этот запуск"
    return run


def check_finite(metrics: dict[str, float], expected: set[str]) -> None:
    assert set(metrics) == expected, f"лишние {sorted(set(metrics) - expected)}, нет {sorted(expected - set(metrics))}"
    assert all(math.isfinite(value) for value in metrics.values()), metrics


def test_02_full_reads_mnist_npz(run_full, read_metrics, mnist_npz):
    output_dir = run_full("02_dcgan_mnist.ipynb")
    metrics = read_metrics(output_dir)
    check_finite(metrics, {"generator_params", "discriminator_params", "epochs_done", "resumed_from_epoch",
                           "fid_initial", "fid_final", "fid_real_floor", "classifier_confidence_final",
                           "classes_covered", "classifier_accuracy"})
    # сети лекции (ядро 5), как в статье-источнике; обучение дошло до конца с нуля
    assert (metrics["generator_params"], metrics["discriminator_params"]) == (2_330_944, 212_865)
    assert (metrics["epochs_done"], metrics["resumed_from_epoch"]) == (TINY["02_dcgan_mnist.ipynb"]["EPOCHS"], 0)
    assert 0.0 <= metrics["classifier_accuracy"] <= 1.0
    assert read_run(output_dir)["data_source"] == f"локальный файл {mnist_npz}"
    log = json.loads((output_dir / "checkpoints" / "training_log.json").read_text(encoding="utf-8"))
    steps = [record["epoch"] for record in log["epochs"]]
    assert steps == [1, 2]
    assert [record["epoch"] for record in log["quality"]] == [0, 2]  # до обучения и после последней эпохи


def test_03_full_loads_teacher_and_beans_from_data_dir(run_full, read_metrics, beans_dir, teacher_dir):
    from transformers import MobileNetV2Config, MobileNetV2ForImageClassification

    output_dir = run_full("03_distillation_vit_mobilenet.ipynb")
    metrics = read_metrics(output_dir)
    check_finite(metrics, {"teacher_accuracy", "student_scratch_accuracy", "student_distilled_accuracy",
                           "teacher_params", "student_params", "cached_logits_speedup"})
    for key in ("teacher_accuracy", "student_scratch_accuracy", "student_distilled_accuracy"):
        assert 0.0 <= metrics[key] <= 1.0, key
    # учитель — тот, что лежит в DATA_DIR; ученик — MobileNetV2 лекции (конфигурация по умолчанию) на 3 класса beans
    assert metrics["teacher_params"] == teacher_dir[1]
    student = MobileNetV2ForImageClassification(MobileNetV2Config(num_labels=len(BEANS_CLASSES)))
    assert metrics["student_params"] == student.num_parameters() < metrics["teacher_params"]
    assert read_run(output_dir)["data_source"] == "beans и учитель merve/beans-vit-224 (из DATA_DIR)"


def test_05_full_uses_imagenet_weights_file_and_beans(run_full, read_metrics, load_notebook, beans_dir,
                                                      mobilenet_weights):
    notebook = "05_transfer_learning.ipynb"
    output_dir = run_full(notebook)
    metrics = read_metrics(output_dir)
    points = ("2", "all")  # LABELS_PER_CLASS=[2, 0]: 0 — все размеченные картинки
    curve = {f"acc_{stage}_at_{n}" for stage in ("scratch", "frozen", "finetuned") for n in points}
    linear = {f"linear_{train}_on_{part}" for train in ("A", "B", "AB", "A_then_B") for part in "AB"}
    # исходная задача — ImageNet: точности исходной модели блокнот не меряет (source_* только без сети)
    check_finite(metrics, curve | linear | {"trainable_params_frozen", "trainable_params_finetuned", "params_total"})
    assert all(0.0 <= metrics[key] <= 1.0 for key in curve | linear)
    # основа — MobileNetV2 1.0 с весами из файла в DATA_DIR, голова — на 3 класса beans
    weights_path, weights = mobilenet_weights
    head = 1280 * len(BEANS_CLASSES) + len(BEANS_CLASSES)
    assert metrics["params_total"] == sum(weight.size for weight in weights) + head
    assert metrics["trainable_params_frozen"] == head
    assert head < metrics["trainable_params_finetuned"] < metrics["params_total"]
    printed = "".join("".join(output.get("text", "")) for cell in load_notebook(output_dir / notebook)["cells"]
                      for output in cell.get("outputs", []))
    assert f"веса ImageNet ({weights_path})" in printed, "блокнот взял веса не из DATA_DIR"
    assert read_run(output_dir)["data_source"] == "beans (AI-Lab-Makerere/beans); основа — веса ImageNet"
    for stage in ("scratch", "frozen", "finetuned"):
        assert (output_dir / "checkpoints" / f"{stage}-epoch01.weights.h5").is_file(), stage
    assert (output_dir / "learning_curve.png").stat().st_size > 0


def test_06_full_reads_nietzsche_txt(run_full, read_metrics, text_file):
    output_dir = run_full("06_char_lstm.ipynb")
    metrics = read_metrics(output_dir)
    check_finite(metrics, {"bits_per_char_initial", "bits_per_char_final", "onehot_bytes", "index_bytes",
                           "distinct4_t02", "distinct4_t10", "distinct4_greedy", "word_hit_rate", "word_hit_rate_t10",
                           "val_word_hit_rate", "greedy_loop_period", "vocab_size", "epochs_done",
                           "started_at_epoch"})
    path, text = text_file
    assert metrics["vocab_size"] == len(set(text.lower())), "словарь не из файла в DATA_DIR (LOWERCASE как в лекции)"
    assert (metrics["started_at_epoch"], metrics["epochs_done"]) == (0, TINY["06_char_lstm.ipynb"]["EPOCHS"])
    # в тексте два десятка слов, и все они есть в обучающей части: доля знакомых слов валидации — ровно 1
    assert metrics["val_word_hit_rate"] == 1.0
    assert read_run(output_dir)["data_source"] == f"nietzsche.txt ({path})"
