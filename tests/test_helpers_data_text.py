"""helpers.data: текст для символьной модели — load_text (текст лекции, свой файл, офлайн-корпус курса),
чтение файла в UTF-8 или cp1251 и офлайн-корпус в данных пакета."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import helpers.data
from helpers.data import COURSE_PROSE_FILE, course_prose, load_text, read_text


def test_read_text_utf8_cp1251_and_lowercase(tmp_path):
    (tmp_path / "utf8.txt").write_text("Привет,\r\nМир", encoding="utf-8")
    (tmp_path / "cp1251.txt").write_bytes("Съешь ещё".encode("cp1251"))
    assert read_text(tmp_path / "utf8.txt") == "Привет,\nМир"
    assert read_text(tmp_path / "utf8.txt", lowercase=True) == "привет,\nмир"
    assert read_text(tmp_path / "cp1251.txt") == "Съешь ещё"


def test_read_text_bad_input(tmp_path):
    with pytest.raises(FileNotFoundError, match="не найден"):
        read_text(tmp_path / "нет.txt")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    with pytest.raises(ValueError, match="пуст"):
        read_text(tmp_path / "empty.txt")


def test_load_text_from_data_dir_and_local_path(tmp_path):
    (tmp_path / "nietzsche.txt").write_text("Preface", encoding="utf-8")
    (tmp_path / "book.txt").write_text("Текст книги", encoding="utf-8")
    lecture = load_text(tmp_path)
    assert lecture.text == "Preface"
    assert lecture.source == f"nietzsche.txt ({tmp_path / 'nietzsche.txt'})"
    assert load_text(tmp_path, source="https://example.org/texts/book.txt").text == "Текст книги"
    local = load_text(source=tmp_path / "book.txt", lowercase=True, max_chars=5)
    assert local.text == "текст"
    assert local.source == f"book.txt ({tmp_path / 'book.txt'})"


def test_load_text_uses_cache_without_network(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path))
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "cached.txt").write_text("из кэша", encoding="utf-8")
    assert load_text(source="http://127.0.0.1:9/cached.txt").text == "из кэша"


def test_load_text_offline_is_the_course_prose():
    prose = load_text(offline=True, lowercase=True, max_chars=300)
    assert prose.text == course_prose(max_chars=300).lower()
    assert prose.source == f"офлайн-корпус — русская проза курса ({COURSE_PROSE_FILE} из пакета helpers)"


def test_load_text_bad_input(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="nietzsche.txt"):
        load_text(tmp_path)
    with pytest.raises(FileNotFoundError, match="TEXT_SOURCE"):
        load_text(source=tmp_path / "нет.txt")
    with pytest.raises(ValueError, match="имя файла"):
        load_text(source="https://example.org/")
    with pytest.raises(ValueError, match="либо папку с данными, либо offline=True"):
        load_text(tmp_path, offline=True)
    with pytest.raises(ValueError, match="source"):
        load_text(offline=True, source="book.txt")
    with pytest.raises(ValueError, match="max_chars"):
        load_text(offline=True, max_chars=0)
    started = time.perf_counter()
    with pytest.raises(ConnectionError, match="DATA_DIR"):
        load_text(source="http://127.0.0.1:9/book.txt")  # порт 9 закрыт: как будто сети нет
    assert time.perf_counter() - started < 10


def test_course_corpus_works_without_notebooks_folder(tmp_path):
    # Как после `pip install` из git (Colab): есть только пакет helpers, папки notebooks/ рядом нет.
    site = tmp_path / "site"
    shutil.copytree(Path(helpers.data.__file__).parent, site / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    code = "import helpers.data as d; print(d.__file__); print(len(d.course_prose()))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(site)}, check=True)
    module_file, length = result.stdout.split()
    assert Path(module_file).is_relative_to(site)
    assert not (site / "notebooks").exists()
    assert int(length) == len(course_prose())


def test_course_corpus_missing_file_has_russian_hint(monkeypatch):
    monkeypatch.setattr(helpers.data, "COURSE_PROSE_FILE", "нет-такого-файла.txt")
    with pytest.raises(FileNotFoundError, match="make corpus"):
        course_prose()
