import json

import keras
import numpy as np
import pytest
from PIL import Image

from helpers.dcgan import (
    COVERAGE_SHARE,
    LOG_FILE,
    TrainingLog,
    build_classifier,
    checkpoint_directory,
    classifier_outputs,
    plot_quality,
    prediction_summary,
    save_epoch_grid,
    save_gif,
    train_or_load_classifier,
    weights_checksum,
)


def tiny_model():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.build((None, 3))
    return model


# --- контрольные точки ---------------------------------------------------------------------------

def test_checkpoint_directory_local(tmp_path):
    path = checkpoint_directory(tmp_path, use_drive=False, name="02_dcgan_mnist")
    assert path == tmp_path / "checkpoints"
    assert path.is_dir()


def test_checkpoint_directory_drive_outside_colab(tmp_path, capsys):
    path = checkpoint_directory(tmp_path, use_drive=True, name="x")
    assert path == tmp_path / "checkpoints"
    assert "только на Colab" in capsys.readouterr().out


def test_checkpoint_directory_bad_name(tmp_path):
    with pytest.raises(ValueError, match="именем папки"):
        checkpoint_directory(tmp_path, use_drive=False, name="a/b")


def test_training_log_survives_restart(tmp_path):
    log = TrainingLog(tmp_path)
    log.add_quality({"epoch": 0, "fid": 5.0})
    for epoch in (1, 2):
        log.add_epoch({"epoch": epoch, "loss": 1.0 / epoch})
    again = TrainingLog(tmp_path, epochs_done=2)
    assert again.history("loss") == [1.0, 0.5]
    assert again.quality == [{"epoch": 0, "fid": 5.0}]
    again.note_resume(from_epoch=2, checksum=3.5)
    saved = json.loads((tmp_path / LOG_FILE).read_text(encoding="utf-8"))
    assert saved["resumes"] == [{"from_epoch": 2, "checksum": 3.5}]
    assert [record["epoch"] for record in saved["epochs"]] == [1, 2]


def test_training_log_drops_records_newer_than_checkpoint(tmp_path):
    log = TrainingLog(tmp_path)
    for epoch in (1, 2):
        log.add_epoch({"epoch": epoch, "loss": 1.0 / epoch})
    log.add_quality({"epoch": 2, "fid": 1.0})
    # обрыв между записью журнала и контрольной точки эпохи 2: точка помнит только эпоху 1
    resumed = TrainingLog(tmp_path, epochs_done=1)
    assert resumed.history("loss") == [1.0]
    assert resumed.quality == []
    resumed.add_epoch({"epoch": 2, "loss": 0.25})  # эпоха 2 обучается заново
    assert resumed.history("loss") == [1.0, 0.25]


def test_training_log_without_checkpoint_starts_over(tmp_path):
    TrainingLog(tmp_path).add_epoch({"epoch": 1, "loss": 1.0})
    fresh = TrainingLog(tmp_path, epochs_done=0)
    assert fresh.epochs == []
    assert fresh.quality == []
    assert fresh.resumes == []


def test_training_log_continues_without_log_file(tmp_path):
    # журнал удалён, а контрольная точка эпохи 2 осталась: записи продолжаются с эпохи 3
    log = TrainingLog(tmp_path, epochs_done=2)
    assert log.epochs == []
    log.add_epoch({"epoch": 3, "loss": 0.1})
    with pytest.raises(ValueError, match="epoch=4"):
        log.add_epoch({"epoch": 3, "loss": 0.1})


def test_training_log_bad_input(tmp_path):
    with pytest.raises(ValueError, match="целое число ≥ 0"):
        TrainingLog(tmp_path, epochs_done=-1)
    with pytest.raises(ValueError, match="целое число ≥ 0"):
        TrainingLog(tmp_path, epochs_done=1.5)
    log = TrainingLog(tmp_path)
    with pytest.raises(ValueError, match="'epoch'"):
        log.add_quality({"fid": 1.0})
    with pytest.raises(ValueError, match="epoch=1"):
        log.add_epoch({"epoch": 2, "loss": 1.0})  # пропущена эпоха 1
    log.add_epoch({"epoch": 1})
    with pytest.raises(KeyError, match="'loss'"):
        log.history("loss")


def test_weights_checksum_needs_built_model():
    with pytest.raises(ValueError, match="нет весов"):
        weights_checksum(keras.Sequential([keras.layers.Dense(2)]))


# --- картинки ------------------------------------------------------------------------------------

def test_png_and_gif(tmp_path):
    frames = [save_epoch_grid(np.full((4, 5, 5), value, np.uint8), tmp_path / f"{value}.png", scale=2)
              for value in (0, 255)]
    assert Image.open(frames[0]).size == (2 * (4 * (5 + 2) + 2), 2 * (5 + 2 + 2))  # 4 картинки в ряд, поля по 2
    gif = save_gif(frames, tmp_path / "anim.gif")
    with Image.open(gif) as image:
        assert image.n_frames == 2
    with pytest.raises(ValueError, match="нет ни одного кадра"):
        save_gif([], tmp_path / "empty.gif")


# --- качество -------------------------------------------------------------------------------------

def test_prediction_summary():
    probabilities = np.zeros((20, 10))
    probabilities[:19, 3] = 0.9  # 19 картинок — «тройки»
    probabilities[19, 7] = 0.5  # одна — «семёрка» (5 % — ровно на пороге)
    summary = prediction_summary(probabilities)
    assert summary["confidence"] == pytest.approx((19 * 0.9 + 0.5) / 20)
    assert summary["class_shares"][3] == pytest.approx(0.95)
    assert sum(summary["class_shares"]) == pytest.approx(1.0)
    assert summary["classes_covered"] == 2
    assert COVERAGE_SHARE == 0.05


@pytest.mark.parametrize("probabilities", [np.zeros((5, 9)), np.zeros(10), np.zeros((0, 10))])
def test_prediction_summary_bad_input(probabilities):
    with pytest.raises(ValueError, match=r"\(N, 10\)"):
        prediction_summary(probabilities)


def test_classifier_cache_and_quality(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path))
    rng = np.random.default_rng(0)
    # две легко различимые «цифры»: тёмная и светлая картинка
    labels = np.array([0, 1] * 40)
    images = (labels[:, None, None, None] * 0.8 + rng.uniform(0, 0.2, (80, 28, 28, 1))).astype(np.float32)
    model, cached = train_or_load_classifier(images, labels, epochs=3)
    assert not cached
    assert len(list(tmp_path.glob("digit-classifier-*.keras"))) == 1
    again, cached = train_or_load_classifier(images, labels, epochs=3)
    assert cached
    np.testing.assert_allclose(classifier_outputs(again, images)[0], classifier_outputs(model, images)[0], atol=1e-5)

    probabilities, features = classifier_outputs(model, images)
    assert probabilities.shape == (80, 10)
    assert features.shape == (80, 64)
    assert features.dtype == np.float64
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    records = [{"epoch": epoch, "fid": fid, **prediction_summary(probabilities[labels == label])}
               for epoch, fid, label in ((0, 50.0, 0), (3, 5.0, 1))]
    assert plot_quality(records) is not None


def test_classifier_bad_input():
    with pytest.raises(ValueError, match=r"\(N, 28, 28, 1\)"):
        train_or_load_classifier(np.zeros((4, 28, 28)), np.zeros(4, int))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        train_or_load_classifier(np.full((4, 28, 28, 1), 255.0), np.zeros(4, int))
    with pytest.raises(ValueError, match="меток 3"):
        train_or_load_classifier(np.zeros((4, 28, 28, 1)), np.zeros(3, int))
    with pytest.raises(ValueError, match="0..9"):
        train_or_load_classifier(np.zeros((4, 28, 28, 1)), np.full(4, 10))
    with pytest.raises(ValueError, match=r"\(N, 28, 28, 1\)"):
        classifier_outputs(build_classifier(), np.zeros((2, 28, 28)))
    with pytest.raises(ValueError, match="нет ни одного замера"):
        plot_quality([])
