"""helpers.transfer: «важная таблица» лекции, основы keras.applications и их веса, BatchNorm, tf.data, кэш весов."""

from contextlib import nullcontext

import keras
import numpy as np
import pytest

import helpers
from helpers import transfer
from helpers.transfer import TASKS, head_for, table_markdown


@pytest.fixture(scope="module")
def tiny_backbone():
    return keras.applications.MobileNetV2(input_shape=(32, 32, 3), include_top=False, weights=None, alpha=0.35)


def test_weights_file_names_match_keras():
    assert transfer.weights_file_name("mobilenet_v2") == "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5"
    assert transfer.weights_file_name("resnet50") == "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5"
    assert transfer.weights_file_name("mobilenet_v2", 160, 0.5).endswith("_0.5_160_no_top.h5")
    assert transfer.weights_file_name("mobilenet_v2", 32).endswith("_1.0_224_no_top.h5")


@pytest.mark.parametrize(("image_size", "alpha"), [(224, 1.0), (160, 0.5), (32, 1.0), (48, 0.35)])
def test_weights_file_name_is_what_keras_applications_downloads(monkeypatch, image_size, alpha):
    from keras.src.utils import file_utils

    def refuse(name, *args, **kwargs):
        raise LookupError(name)

    monkeypatch.setattr(file_utils, "get_file", refuse)  # вместо скачивания — запомнить имя файла
    # для стороны без своих весов keras.applications предупреждает и берёт файл 224×224
    warns = nullcontext() if image_size in transfer.MOBILENET_V2_WEIGHT_SIZES else pytest.warns(UserWarning, match="224")
    with warns, pytest.raises(LookupError) as requested:
        keras.applications.MobileNetV2(input_shape=(image_size, image_size, 3), include_top=False, alpha=alpha)
    assert str(requested.value) == transfer.weights_file_name("mobilenet_v2", image_size, alpha)


def test_local_weights_file_wins(tmp_path):
    local = tmp_path / transfer.weights_file_name("mobilenet_v2", 160, 0.5)
    local.write_bytes(b"h5")
    assert transfer.imagenet_weights("mobilenet_v2", tmp_path, 160, 0.5) == str(local)


def test_no_network_no_file_says_what_and_where(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setattr(transfer, "WEIGHTS_URL", "http://127.0.0.1:9/")  # закрытый порт: «нет сети»
    with pytest.raises(ConnectionError, match="resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5") as error:
        transfer.imagenet_weights("resnet50", tmp_path)
    assert "DATA_DIR" in str(error.value)


def test_backbone_and_parameter_counts(tiny_backbone):
    counts = helpers.parameter_counts(tiny_backbone)
    assert counts["total"] == tiny_backbone.count_params()
    assert counts["trainable"] < counts["total"]
    tiny_backbone.trainable = False
    assert helpers.parameter_counts(tiny_backbone)["trainable"] == 0
    tiny_backbone.trainable = True


def test_batchnorm_momentum(tiny_backbone):
    changed = transfer.set_batchnorm_momentum(tiny_backbone, 0.9)
    batchnorms = [layer for layer in tiny_backbone.layers if isinstance(layer, keras.layers.BatchNormalization)]
    assert changed == len(batchnorms) > 0
    assert {layer.momentum for layer in batchnorms} == {0.9}


@pytest.mark.parametrize("name", ["mobilenet_v2", "resnet50"])
def test_preprocessing_maps_pixels_like_keras(name):
    pixels = np.full((1, 2, 2, 3), 255.0, dtype="float32")
    expected = getattr(keras.applications, transfer.BACKBONES[name].preprocess_module).preprocess_input(pixels.copy())
    np.testing.assert_allclose(keras.ops.convert_to_numpy(transfer.preprocessing_layer(name)(pixels)), expected)


def test_to_dataset_batches():
    dataset = transfer.to_dataset(np.zeros((5, 4, 4, 3), np.uint8), np.arange(5), 2, shuffle=True)
    assert [int(labels.shape[0]) for _, labels in dataset] == [2, 2, 1]
    assert {images.dtype.name for images, _ in dataset} == {"float32"}


def test_to_dataset_repeat_gives_as_many_batches_as_asked():
    dataset = transfer.to_dataset(np.zeros((3, 4, 4, 3), np.uint8), np.arange(3), 2, shuffle=True, repeat=True)
    assert [int(labels.shape[0]) for _, labels in dataset.take(5)] == [2] * 5


def _tiny_model(name="tiny"):
    return keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name=name)


def test_cached_weights_trains_once_then_loads(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path))
    calls = []
    first = _tiny_model()

    def train():
        calls.append(1)
        first.layers[0].kernel.assign(np.full((2, 1), 3.0, "float32"))

    assert transfer.cached_weights(first, {"epochs": 2, "sizes": [1, 2]}, train) == "trained"
    second = _tiny_model()
    assert transfer.cached_weights(second, {"sizes": [1, 2], "epochs": 2}, train) == "cache"  # порядок ключей не важен
    assert calls == [1]
    np.testing.assert_allclose(keras.ops.convert_to_numpy(second.layers[0].kernel), 3.0)
    # другой ключ — другое обучение; в кэше нет недописанных файлов
    assert transfer.cached_weights(_tiny_model(), {"epochs": 3, "sizes": [1, 2]}, lambda: calls.append(2)) == "trained"
    assert calls == [1, 2]
    files = sorted(path.name for path in (tmp_path / "transfer").iterdir())
    assert len(files) == 2
    assert not any(".part." in name for name in files)


def test_cached_weights_failed_training_leaves_no_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path))

    def broken():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        transfer.cached_weights(_tiny_model(), {"epochs": 1}, broken)
    assert transfer.cached_weights(_tiny_model(), {"epochs": 1}, lambda: None) == "trained"


def test_cached_weights_prefers_published_file(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(transfer, "PUBLISHED_FOLDER", tmp_path / "published")
    published = _tiny_model()
    published.layers[0].kernel.assign(np.full((2, 1), 7.0, "float32"))
    (tmp_path / "published").mkdir()
    published.save_weights(tmp_path / "published" / transfer.trained_weights_name(published, {"epochs": 5}))
    loaded = _tiny_model()
    assert transfer.cached_weights(loaded, {"epochs": 5}, lambda: pytest.fail("не должна учиться")) == "published"
    np.testing.assert_allclose(keras.ops.convert_to_numpy(loaded.layers[0].kernel), 7.0)


def test_split_to_arrays():
    from PIL import Image

    split = [{"image": Image.new("L", (10, 6), 200), "labels": 2}, {"image": Image.new("RGB", (5, 5)), "labels": 0}]
    images, labels = transfer.split_to_arrays(split, 8)
    assert images.shape == (2, 8, 8, 3)
    assert images.dtype == np.uint8
    assert images[0].min() == 200
    assert labels.tolist() == [2, 0]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: transfer.preprocessing_layer("vgg16"), ValueError, "Неизвестная основа"),
        (lambda: transfer.set_batchnorm_momentum(keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)]), 0.9),
         ValueError, "нет слоёв BatchNormalization"),
        (lambda: transfer.set_batchnorm_momentum(keras.Sequential([keras.layers.BatchNormalization()]), 1.0),
         ValueError, "momentum"),
        (lambda: helpers.parameter_counts(keras.Sequential([keras.layers.Dense(1)])), ValueError, "не построена"),
        (lambda: transfer.to_dataset(np.zeros((2, 4, 4)), np.zeros(2), 1), ValueError, "форму"),
        (lambda: transfer.to_dataset(np.zeros((2, 4, 4, 3)), np.zeros(3), 1), ValueError, "Меток"),
        (lambda: transfer.to_dataset(np.zeros((2, 4, 4, 3)), np.zeros(2), 0), ValueError, "batch_size"),
        (lambda: transfer.to_dataset(np.zeros((0, 4, 4, 3)), np.zeros(0), 1), ValueError, "Пустой"),
        (lambda: transfer.cached_weights(keras.Sequential([keras.layers.Dense(1)]), {"a": 1}, lambda: None),
         ValueError, "не построена"),
        (lambda: transfer.cached_weights(_tiny_model(), {}, lambda: None), ValueError, "непустым словарём"),
        (lambda: transfer.cached_weights(_tiny_model(), {"a": object()}, lambda: None), ValueError, "числами"),
        (lambda: transfer.split_to_arrays([], 8), ValueError, "Пустая"),
        (lambda: transfer.split_to_arrays([{"img": None}], 8), ValueError, "столбцы"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- «важная таблица» лекции: голова и потеря по типу задачи ------------------------------------------

@pytest.mark.parametrize(
    ("task", "outputs", "activation", "loss"),
    [
        ("binary", 1, "sigmoid", "binary_crossentropy"),
        ("multiclass", 3, "softmax", "categorical_crossentropy"),
        ("multilabel", 5, "sigmoid", "binary_crossentropy"),
        ("regression", 2, None, "mse"),
        ("regression_01", 1, "sigmoid", "mse"),
    ],
)
def test_lecture_table(task, outputs, activation, loss):
    spec = head_for(task, outputs)
    assert (spec.activation, spec.loss, spec.units) == (activation, loss, outputs)


def test_integer_labels_use_sparse_loss():
    assert head_for("multiclass", 10, integer_labels=True).loss == "sparse_categorical_crossentropy"


def test_table_lists_every_task_once():
    table = table_markdown()
    assert all(table.count(f"`{task}`") == 1 for task in TASKS)
    assert "mse или binary_crossentropy" in table
    assert "нет активации" in table


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("classification", 3), {}, "Неизвестный тип задачи"),
        (("multiclass", 0), {}, "≥ 1"),
        (("multiclass", 2.0), {}, "целое число"),
        (("binary", 2), {}, "один выход"),
        (("multiclass", 1), {}, "не меньше двух"),
        (("regression", 1), {"integer_labels": True}, "только для 'multiclass'"),
    ],
)
def test_head_for_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        head_for(*args, **kwargs)
