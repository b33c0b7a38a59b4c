"""helpers.data.load_beans: beans из папок с картинками, из save_to_disk, отказ без сети; офлайн-замена — цифры."""

from __future__ import annotations

import time
import urllib.error

import numpy as np
import pytest
from PIL import Image

import helpers.data
from helpers.data import SPLITS, load_beans

CLASSES = ("angular_leaf_spot", "bean_rust", "healthy")


def make_image_folders(root, per_class=2):
    """Крошечная «фасоль»: root/<сплит>/<класс>/<n>.jpg с разным цветом по классам."""
    for split in SPLITS:
        for label, name in enumerate(CLASSES):
            folder = root / split / name
            folder.mkdir(parents=True)
            for n in range(per_class):
                Image.fromarray(np.full((8, 8, 3), 40 * label + n, dtype=np.uint8)).save(folder / f"{n}.jpg")
    return root


def test_image_folders(tmp_path):
    dataset = load_beans(make_image_folders(tmp_path / "beans"))
    assert list(dataset) == list(SPLITS)
    for split in SPLITS:
        assert dataset[split].column_names == ["image", "labels"]
        assert len(dataset[split]) == 2 * len(CLASSES)
        assert sorted(set(dataset[split]["labels"])) == [0, 1, 2]
    assert dataset["train"].features["labels"].names == list(CLASSES)
    assert isinstance(dataset["train"][0]["image"], Image.Image)


def test_parent_folder_with_beans_subfolder(tmp_path):
    make_image_folders(tmp_path / "beans")
    assert len(load_beans(tmp_path)["test"]) == 2 * len(CLASSES)


def test_save_to_disk_round_trip_and_label_rename(tmp_path):
    source = load_beans(make_image_folders(tmp_path / "folders"))
    source.map(lambda example: example).rename_column("labels", "label").save_to_disk(str(tmp_path / "disk"))
    loaded = load_beans(tmp_path / "disk")
    assert loaded["validation"].column_names == ["image", "labels"]
    assert loaded["train"]["labels"][:] == source["train"]["labels"][:]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda root: __import__("shutil").rmtree(root / "test"), "нет папок test"),
        (lambda root: (root / "validation" / "bean_blight").mkdir(), "которых нет в train"),
        (lambda root: [path.unlink() for path in (root / "test").rglob("*.jpg")], "нет картинок"),
    ],
)
def test_bad_image_folders(tmp_path, damage, message):
    root = make_image_folders(tmp_path / "beans")
    damage(root)
    with pytest.raises((FileNotFoundError, ValueError), match=message):
        load_beans(root)


def test_folder_without_beans(tmp_path):
    (tmp_path / "something").mkdir()
    with pytest.raises(FileNotFoundError, match="не найден набор beans"):
        load_beans(tmp_path)


def test_missing_data_dir():
    with pytest.raises(FileNotFoundError, match="не существует"):
        load_beans("/нет/такой/папки")


def test_offline_fails_fast_in_russian(monkeypatch):
    def no_network(*args, **kwargs):
        raise urllib.error.URLError("сеть недоступна")

    monkeypatch.setattr(helpers.data.urllib.request, "urlopen", no_network)
    started = time.perf_counter()
    with pytest.raises(ConnectionError, match="Без сети скачайте набор beans") as error:
        load_beans(None)
    assert "DATA_DIR" in str(error.value)
    assert "beans" in str(error.value)
    assert time.perf_counter() - started < 30


# --- офлайн-замена: цифры scikit-learn в формате beans (блокнот 03) --------------------------------

@pytest.fixture(scope="module")
def offline_digits():
    return load_beans(offline=True, seed=0, offline_size=8)


def test_offline_digits_splits(offline_digits):
    sizes = {split: len(part) for split, part in offline_digits.items()}
    assert list(sizes) == list(SPLITS)
    assert sum(sizes.values()) == 1797
    assert sizes["train"] > 3 * sizes["test"]
    assert offline_digits["train"].column_names == ["image", "labels"]
    assert offline_digits["train"][0]["image"].mode == "RGB"
    assert offline_digits["train"][0]["image"].size == (8, 8)
    assert offline_digits["test"].features["labels"].names == [str(d) for d in range(10)]
    assert set(offline_digits["test"]["labels"][:]) == set(range(10))  # стратификация: все классы в тесте
    again = load_beans(offline=True, seed=0, offline_size=8)
    assert again["test"]["labels"][:] == offline_digits["test"]["labels"][:]


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"offline_size": 4}, ValueError, "offline_size: нужно целое число ≥ 8"),
    ({"offline_size": 16.0}, ValueError, "offline_size"),
    ({"data_dir": "."}, ValueError, "либо папку с данными, либо offline=True"),
])
def test_offline_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        load_beans(offline=True, **kwargs)
