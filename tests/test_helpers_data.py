"""helpers.data: кэш, DATA_DIR, загрузка с проверкой суммы, офлайн-сообщения."""

from __future__ import annotations

import hashlib
import time

import pytest

import helpers
from helpers.data import require_file, require_network, sha256_of


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))


def test_cache_dir_follows_environment(tmp_path):
    assert helpers.cache_dir() == tmp_path / "cache"
    assert helpers.cache_dir().is_dir()


def test_resolve_data_dir(tmp_path):
    assert helpers.resolve_data_dir(None) is None
    assert helpers.resolve_data_dir(tmp_path) == tmp_path
    with pytest.raises(FileNotFoundError, match="не существует"):
        helpers.resolve_data_dir(tmp_path / "нет")
    file = tmp_path / "f.txt"
    file.write_text("x")
    with pytest.raises(NotADirectoryError, match="нужна папка"):
        helpers.resolve_data_dir(file)


def test_require_file_names_what_to_download(tmp_path):
    (tmp_path / "mnist.npz").write_bytes(b"1")
    assert require_file(tmp_path, "mnist.npz", "https://example.org/mnist.npz") == tmp_path / "mnist.npz"
    with pytest.raises(FileNotFoundError, match="Скачайте его") as error:
        require_file(tmp_path, "beans.zip", "https://example.org/beans.zip")
    assert "beans.zip" in str(error.value)
    assert str(tmp_path) in str(error.value)


def test_say_offline_prints_one_line(capsys):
    helpers.say_offline("цифры scikit-learn вместо MNIST")
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "Офлайн-вариант" in out


def test_download_caches_and_verifies(tmp_path):
    source = tmp_path / "data.bin"
    source.write_bytes(b"course data")
    digest = hashlib.sha256(b"course data").hexdigest()
    path = helpers.download(source.as_uri(), "data.bin", sha256=digest)
    assert path.read_bytes() == b"course data"
    assert sha256_of(path) == digest
    source.unlink()  # второй вызов не ходит к источнику
    assert helpers.download(source.as_uri(), "data.bin", sha256=digest) == path


def test_download_rejects_wrong_checksum(tmp_path):
    source = tmp_path / "data.bin"
    source.write_bytes(b"tampered")
    with pytest.raises(ValueError, match="повреждён"):
        helpers.download(source.as_uri(), "data.bin", sha256="0" * 64)


def test_download_fails_fast_without_network(tmp_path):
    started = time.perf_counter()
    with pytest.raises(ConnectionError, match="Не удалось скачать"):
        helpers.download("http://127.0.0.1:9/none.txt", "none.txt", timeout=2)
    assert time.perf_counter() - started < 5
    assert not (helpers.cache_dir() / "none.txt").exists()


@pytest.mark.parametrize(("url", "name"), [("ftp://x/y", "y"), ("https://x/y", "../y"), ("https://x/y", "")])
def test_download_rejects_bad_arguments(url, name):
    with pytest.raises(ValueError):
        helpers.download(url, name)


def test_require_network_fails_fast_with_instructions():
    started = time.monotonic()
    with pytest.raises(ConnectionError, match="скачайте набор beans.*DATA_DIR"):
        require_network("http://127.0.0.1:9/", what="набор beans", where="папку data/beans")
    assert time.monotonic() - started < 10


def test_require_network_accepts_reachable_server(tmp_path):
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        require_network(f"http://127.0.0.1:{server.server_port}/missing", what="x", where="y")
        server.shutdown()


def test_require_network_rejects_bad_url():
    with pytest.raises(ValueError, match="http"):
        require_network("ftp://example.org", what="x", where="y")


def _no_network():
    raise ConnectionError("нет сети")


@pytest.mark.parametrize(("profile", "expected"), [("smoke", "офлайн"), ("cpu", "настоящие"), ("full", "настоящие")])
def test_real_or_offline_with_network(profile, expected):
    assert helpers.real_or_offline(profile, lambda: "настоящие", lambda: "офлайн") == expected


def test_real_or_offline_cpu_falls_back_and_says_so(capsys):
    assert helpers.real_or_offline("cpu", _no_network, lambda: "офлайн") == "офлайн"
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "нет сети" in out, "строка называет причину"
    assert "офлайн-замену" in out


def test_real_or_offline_full_never_substitutes():
    with pytest.raises(ConnectionError, match="нет сети"):
        helpers.real_or_offline("full", _no_network, lambda: "офлайн")


def test_real_or_offline_rejects_unresolved_profile():
    with pytest.raises(ValueError, match="после раскрытия 'auto'"):
        helpers.real_or_offline("auto", lambda: 1, lambda: 2)
