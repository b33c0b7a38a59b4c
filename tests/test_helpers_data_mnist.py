"""helpers.data.load_mnist: MNIST из DATA_DIR (npz или IDX), из Keras, офлайн-замена; правило профилей."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

import helpers
from helpers.data import IDX_FILES, MNIST_URL, load_mnist, read_idx


def write_idx(path, array, *, compress=False):
    header = (2051 if array.ndim == 3 else 2049).to_bytes(4, "big")
    header += b"".join(int(size).to_bytes(4, "big") for size in array.shape)
    payload = header + array.astype(np.uint8).tobytes()
    if compress:
        path = path.with_name(path.name + ".gz")
        payload = gzip.compress(payload)
    path.write_bytes(payload)
    return path


def fake_mnist(n_train=5, n_test=3):
    rng = np.random.default_rng(0)
    return {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, n_train).astype(np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, n_test).astype(np.uint8),
    }


@pytest.mark.parametrize("compress", [False, True])
def test_idx_files_in_data_dir(tmp_path, compress):
    arrays = fake_mnist()
    for key, stem in IDX_FILES.items():
        write_idx(tmp_path / stem, arrays[key], compress=compress)
    data = load_mnist(tmp_path)
    np.testing.assert_array_equal(data.x_train, arrays["x_train"])
    np.testing.assert_array_equal(data.y_test, arrays["y_test"])
    assert data.y_train.dtype == np.int64
    assert "IDX" in data.source


def test_npz_in_data_dir(tmp_path):
    arrays = fake_mnist()
    np.savez(tmp_path / "mnist.npz", **arrays)
    data = load_mnist(tmp_path)
    np.testing.assert_array_equal(data.x_test, arrays["x_test"])
    assert "mnist.npz" in data.source


def test_offline_digits(capsys):
    data = load_mnist(offline=True, seed=1)
    assert "Офлайн-вариант" in capsys.readouterr().out
    assert data.x_train.shape[1:] == (28, 28)
    assert data.x_train.dtype == np.uint8
    assert data.x_train.max() > 200
    assert len(data.x_test) > 0
    assert len(data.x_train) + len(data.x_test) == 1797
    assert set(np.unique(data.y_test)) == set(range(10))


def test_offline_split_depends_on_seed():
    first, again, other = (load_mnist(offline=True, seed=s).y_test for s in (1, 1, 2))
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_missing_files_name_what_to_download(tmp_path):
    write_idx(tmp_path / IDX_FILES["x_train"], fake_mnist()["x_train"])
    with pytest.raises(FileNotFoundError, match="t10k-images-idx3-ubyte") as error:
        load_mnist(tmp_path)
    assert MNIST_URL in str(error.value)


def test_missing_data_dir():
    with pytest.raises(FileNotFoundError, match="не существует"):
        load_mnist("/нет/такой/папки")


def test_wrong_image_shape_in_npz(tmp_path):
    arrays = fake_mnist()
    arrays["x_train"] = np.zeros((5, 32, 32), np.uint8)
    np.savez(tmp_path / "mnist.npz", **arrays)
    with pytest.raises(ValueError, match=r"\(N, 28, 28\)"):
        load_mnist(tmp_path)


def test_label_count_mismatch(tmp_path):
    arrays = fake_mnist()
    arrays["y_train"] = arrays["y_train"][:2]
    np.savez(tmp_path / "mnist.npz", **arrays)
    with pytest.raises(ValueError, match="меток 2"):
        load_mnist(tmp_path)


def test_offline_and_data_dir_together_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="либо папку с данными, либо offline=True"):
        load_mnist(tmp_path, offline=True)


def test_read_idx_rejects_other_files(tmp_path):
    bad = tmp_path / "bad"
    bad.write_bytes(b"\x00\x00\x00\x00garbage")
    with pytest.raises(ValueError, match="не IDX"):
        read_idx(bad)
    truncated = write_idx(tmp_path / "short", np.zeros((2, 28, 28), np.uint8))
    truncated.write_bytes(truncated.read_bytes()[:-10])
    with pytest.raises(ValueError, match="обрезан"):
        read_idx(truncated)


def test_no_network_fails_fast(monkeypatch, tmp_path):
    # Без сети и без кэша Keras — понятная ошибка от require_network, а не долгие попытки.
    import helpers.data as data

    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    calls = []

    def offline(url, **kwargs):
        calls.append(url)
        raise ConnectionError("Нет доступа")

    monkeypatch.setattr(data, "require_network", offline)
    with pytest.raises(ConnectionError, match="Нет доступа"):
        load_mnist(None)
    assert calls == [MNIST_URL]


# --- какой источник берёт каждый профиль (helpers.real_or_offline) -----------------------------------

def no_network(monkeypatch, tmp_path):
    """Нет сети и нет кэша Keras: настоящий MNIST без DATA_DIR недоступен."""
    import helpers.data as data

    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))

    def offline(url, **kwargs):
        raise ConnectionError(f"Нет доступа к {url}")

    monkeypatch.setattr(data, "require_network", offline)


def load_for(profile, data_dir, seed=0):
    """Как в блокноте 02."""
    return helpers.real_or_offline(profile, lambda: load_mnist(data_dir), lambda: load_mnist(offline=True, seed=seed))


def test_cpu_takes_real_mnist_from_data_dir(monkeypatch, tmp_path, capsys):
    no_network(monkeypatch, tmp_path)
    arrays = fake_mnist()
    np.savez(tmp_path / "mnist.npz", **arrays)
    data = load_for("cpu", tmp_path)
    assert "mnist.npz" in data.source
    assert "Офлайн" not in capsys.readouterr().out
    np.testing.assert_array_equal(data.x_train, arrays["x_train"])


def test_cpu_without_network_falls_back_to_offline_digits(monkeypatch, tmp_path, capsys):
    no_network(monkeypatch, tmp_path)
    data = load_for("cpu", None, seed=1)
    out = capsys.readouterr().out
    assert "настоящие данные недоступны" in out
    assert "scikit-learn" in out
    assert data.source == "цифры scikit-learn 28×28"


def test_cpu_with_broken_data_dir_is_an_error(monkeypatch, tmp_path):
    # DATA_DIR задан, но файлов нет: это ошибка пользователя, а не повод молча взять замену
    no_network(monkeypatch, tmp_path)
    with pytest.raises(FileNotFoundError, match="mnist.npz"):
        load_for("cpu", tmp_path)


def test_full_without_network_stops(monkeypatch, tmp_path):
    no_network(monkeypatch, tmp_path)
    with pytest.raises(ConnectionError, match="Нет доступа"):
        load_for("full", None)


def test_smoke_always_offline(monkeypatch, tmp_path, capsys):
    np.savez(tmp_path / "mnist.npz", **fake_mnist())
    data = load_for("smoke", tmp_path)
    assert data.source == "цифры scikit-learn 28×28"
    assert "Офлайн-вариант" in capsys.readouterr().out
