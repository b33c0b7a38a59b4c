import json

import keras
import numpy as np
import pytest
from PIL import Image

from helpers.dcgan import (
    COVERAGE_SHARE,
    LOG_FILE,
    QualityReport,
    ResumableTraining,
    build_classifier,
    checkpoint_directory,
    classifier_outputs,
    frechet_distance,
    measure_quality,
    plot_quality,
    save_epoch_grid,
    save_gif,
    tile_images,
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
    assert path == tmp_path / "checkpoints" and path.is_dir()


def test_checkpoint_directory_drive_outside_colab(tmp_path, capsys):
    path = checkpoint_directory(tmp_path, use_drive=True, name="x")
    assert path == tmp_path / "checkpoints" and "только на Colab" in capsys.readouterr().out


def test_checkpoint_directory_bad_name(tmp_path):
    with pytest.raises(ValueError, match="именем папки"):
        checkpoint_directory(tmp_path, use_drive=False, name="a/b")


def test_resume_restores_weights_epoch_and_log(tmp_path):
    model = tiny_model()
    training = ResumableTraining(tmp_path, model=model)
    assert training.restore() == 0
    training.add_quality({"epoch": 0, "fid": 5.0})
    for epoch in (1, 2):
        model.layers[0].kernel.assign(np.full((3, 2), float(epoch), np.float32))
        training.finish_epoch({"loss": 1.0 / epoch, "checksum": weights_checksum(model)})
    saved = weights_checksum(model)

    fresh = tiny_model()
    resumed = ResumableTraining(tmp_path, model=fresh)
    assert resumed.restore() == 2 and resumed.epochs_done == 2
    assert weights_checksum(fresh) == pytest.approx(saved)
    assert resumed.history("loss") == [1.0, 0.5]
    resumed.note_resume(checksum=weights_checksum(fresh))
    log = json.loads((tmp_path / LOG_FILE).read_text(encoding="utf-8"))
    assert log["resumes"] == [{"from_epoch": 2, "checksum": pytest.approx(saved)}]
    assert log["quality"] == [{"epoch": 0, "fid": 5.0}]


def test_log_entries_newer_than_checkpoint_are_dropped(tmp_path):
    training = ResumableTraining(tmp_path, model=tiny_model())
    training.finish_epoch({"loss": 1.0})
    # обрыв между записью журнала и контрольной точки эпохи 2
    log = json.loads((tmp_path / LOG_FILE).read_text(encoding="utf-8"))
    log["epochs"].append({"epoch": 2, "loss": 0.5})
    log["quality"].append({"epoch": 2, "fid": 1.0})
    (tmp_path / LOG_FILE).write_text(json.dumps(log), encoding="utf-8")
    resumed = ResumableTraining(tmp_path, model=tiny_model())
    assert resumed.restore() == 1
    assert resumed.history("loss") == [1.0] and resumed.log["quality"] == []


def test_resumable_training_bad_input(tmp_path):
    with pytest.raises(ValueError, match="модели и оптимизаторы"):
        ResumableTraining(tmp_path)
    with pytest.raises(ValueError, match="max_to_keep"):
        ResumableTraining(tmp_path, max_to_keep=0, model=tiny_model())
    with pytest.raises(ValueError, match="'epoch'"):
        ResumableTraining(tmp_path, model=tiny_model()).add_quality({"fid": 1.0})


def test_weights_checksum_needs_built_model():
    with pytest.raises(ValueError, match="нет весов"):
        weights_checksum(keras.Sequential([keras.layers.Dense(2)]))


# --- картинки ------------------------------------------------------------------------------------

def test_tile_images_layout():
    images = np.stack([np.full((2, 3), value, np.uint8) for value in (0, 50, 100, 200, 255)])
    sheet = tile_images(images[..., np.newaxis], ncols=2, pad=1)
    assert sheet.shape == (3 * 3 + 1, 2 * 4 + 1)
    assert sheet[1, 1] == 0 and sheet[1, 5] == 50 and sheet[7, 1] == 255 and sheet[7, 5] == 128


@pytest.mark.parametrize("images", [np.zeros((2, 4, 4), np.float32), np.zeros((0, 4, 4), np.uint8),
                                    np.zeros((4, 4), np.uint8)])
def test_tile_images_bad_input(images):
    with pytest.raises(ValueError, match="uint8"):
        tile_images(images)


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

def test_frechet_distance_of_known_gaussians():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((20000, 2))
    b = rng.standard_normal((20000, 2)) * 2.0 + np.array([3.0, 0.0])
    # ‖μ_a − μ_b‖² + tr(Σ_a + Σ_b − 2(Σ_aΣ_b)^½) = 9 + (1 + 4 − 4)·2 = 11
    assert frechet_distance(a, b) == pytest.approx(11.0, rel=0.03)
    assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize(("a", "b", "message"), [
    (np.zeros((5, 2)), np.zeros((5, 3)), "одинаковым d"),
    (np.zeros(5), np.zeros((5, 1)), "одинаковым d"),
    (np.zeros((1, 2)), np.zeros((5, 2)), "по два примера"),
])
def test_frechet_distance_bad_input(a, b, message):
    with pytest.raises(ValueError, match=message):
        frechet_distance(a, b)


def test_classifier_cache_and_quality(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path))
    rng = np.random.default_rng(0)
    # две легко различимые «цифры»: тёмная и светлая картинка
    labels = np.array([0, 1] * 40)
    images = (labels[:, None, None, None] * 0.8 + rng.uniform(0, 0.2, (80, 28, 28, 1))).astype(np.float32)
    model, cached = train_or_load_classifier(images, labels, epochs=3)
    assert not cached and len(list(tmp_path.glob("digit-classifier-*.keras"))) == 1
    again, cached = train_or_load_classifier(images, labels, epochs=3)
    assert cached
    np.testing.assert_allclose(classifier_outputs(again, images)[0], classifier_outputs(model, images)[0], atol=1e-5)

    probabilities, features = classifier_outputs(model, images)
    assert probabilities.shape == (80, 10) and features.shape == (80, 64)
    report = measure_quality(model, images[labels == 1], features[labels == 1])
    assert isinstance(report, QualityReport) and report.fid == pytest.approx(0.0, abs=1e-3)
    assert report.classes_covered == sum(share >= COVERAGE_SHARE for share in report.class_shares)
    assert sum(report.class_shares) == pytest.approx(1.0)
    other = measure_quality(model, images[labels == 0], features[labels == 1])
    assert other.fid > report.fid
    record = report.as_record(3)
    assert record["epoch"] == 3 and len(record["class_shares"]) == 10
    assert plot_quality([other.as_record(0), record]) is not None


def test_classifier_bad_input():
    with pytest.raises(ValueError, match=r"\(N, 28, 28, 1\)"):
        train_or_load_classifier(np.zeros((4, 28, 28)), np.zeros(4, int))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        train_or_load_classifier(np.full((4, 28, 28, 1), 255.0), np.zeros(4, int))
    with pytest.raises(ValueError, match="меток 3"):
        train_or_load_classifier(np.zeros((4, 28, 28, 1)), np.zeros(3, int))
    with pytest.raises(ValueError, match="0..9"):
        train_or_load_classifier(np.zeros((4, 28, 28, 1)), np.full(4, 10))
    with pytest.raises(ValueError, match="хотя бы две"):
        measure_quality(build_classifier(), np.zeros((1, 28, 28, 1)), np.zeros((5, 64)))
    with pytest.raises(ValueError, match="нет ни одного замера"):
        plot_quality([])
