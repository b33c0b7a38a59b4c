"""helpers.keras_text: окна tf.data, биты на символ, возобновляемое обучение."""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest

from helpers.keras_text import (
    BitsPerCharacter,
    read_progress,
    read_training_log,
    resumable_callbacks,
    window_dataset,
)
from helpers.text import make_windows


def _batches(dataset):
    xs, ys = zip(*((x.numpy(), y.numpy()) for x, y in dataset), strict=True)
    return np.concatenate(xs), np.concatenate(ys)


def test_window_dataset_equals_lecture_windows():
    ids = np.arange(50, 150, dtype=np.int32)
    x, y = _batches(window_dataset(ids, maxlen=7, step=3, batch_size=8, shuffle=False))
    expected_x, expected_y = make_windows(ids, 7, 3)
    np.testing.assert_array_equal(x, expected_x)
    np.testing.assert_array_equal(y, expected_y)
    assert x.dtype == np.int32


def test_window_dataset_reshuffles_every_epoch():
    ids = np.arange(300, dtype=np.int32)
    dataset = window_dataset(ids, maxlen=5, step=2, batch_size=16, shuffle=True, seed=1)
    (x1, y1), (_, y2) = _batches(dataset), _batches(dataset)
    assert not np.array_equal(y1, y2), "порядок окон должен меняться от эпохи к эпохе"
    np.testing.assert_array_equal(np.sort(y1), make_windows(ids, 5, 2)[1])
    np.testing.assert_array_equal(x1[:, -1] + 1, y1)  # окно и его цель не разъехались


def test_window_dataset_bad_input():
    with pytest.raises(ValueError, match="целочисленный"):
        window_dataset(np.zeros(10), maxlen=3, step=1, batch_size=2, shuffle=False)
    with pytest.raises(ValueError, match="batch_size"):
        window_dataset(np.arange(10), maxlen=3, step=1, batch_size=0, shuffle=False)
    with pytest.raises(ValueError, match="окон нет"):
        window_dataset(np.arange(3), maxlen=3, step=1, batch_size=2, shuffle=False)


def test_bits_per_character_adds_to_logs():
    logs = {"loss": math.log(2) * 3, "val_loss": math.log(2) * 4}
    BitsPerCharacter().on_epoch_end(0, logs)
    assert logs["bits_per_char"] == pytest.approx(3)
    assert logs["val_bits_per_char"] == pytest.approx(4)


def test_read_training_log_keeps_last_record_of_repeated_epoch(tmp_path):
    (tmp_path / "training_log.csv").write_text("epoch,loss\n0,3.0\n1,2.5\n1,2.4\n2,2.0\n", encoding="utf-8")
    log = read_training_log(tmp_path)
    assert log["epoch"].tolist() == [0, 1, 2]
    assert log["loss"].tolist() == [3.0, 2.4, 2.0]
    with pytest.raises(FileNotFoundError, match="Журнала"):
        read_training_log(tmp_path / "нет")


class _Crash(keras.callbacks.Callback):
    """Изображает обрыв сессии в начале эпохи `epoch`."""

    def __init__(self, epoch):
        super().__init__()
        self.epoch = epoch

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.epoch:
            raise KeyboardInterrupt


def _tiny_model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


def test_training_resumes_after_interruption(tmp_path):
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(64, 4)), rng.integers(0, 3, 64)
    fit = dict(x=x, y=y, validation_data=(x, y), epochs=4, batch_size=16, verbose=0)
    with pytest.raises(KeyboardInterrupt):
        _tiny_model().fit(**fit, callbacks=resumable_callbacks(tmp_path) + [_Crash(2)])
    assert read_progress(tmp_path) == {"started_at_epoch": 0, "epochs_done": 2}
    assert (tmp_path / "backup").is_dir()
    assert (tmp_path / "best.keras").is_file()

    history = _tiny_model().fit(**fit, callbacks=resumable_callbacks(tmp_path))
    assert len(history.history["loss"]) == 2, "продолжить надо с третьей эпохи, а не с начала"
    assert read_progress(tmp_path) == {"started_at_epoch": 2, "epochs_done": 4}
    log = read_training_log(tmp_path)
    assert log["epoch"].tolist() == [0, 1, 2, 3]
    np.testing.assert_allclose(log["val_bits_per_char"], log["val_loss"] / math.log(2))
    assert not (tmp_path / "backup").exists(), "после конца обучения резервная копия удаляется"

    _tiny_model().fit(**fit, callbacks=resumable_callbacks(tmp_path))  # новый запуск — обучение заново
    assert read_progress(tmp_path)["started_at_epoch"] == 0
    assert read_training_log(tmp_path)["epoch"].tolist() == [0, 1, 2, 3]


def test_resumable_callbacks_need_output_dir(tmp_path):
    with pytest.raises(NotADirectoryError, match="prepare_output_dir"):
        resumable_callbacks(tmp_path / "нет")
