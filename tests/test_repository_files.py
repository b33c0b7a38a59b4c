"""Файлы, без которых курс нельзя законно взять и правильно процитировать: LICENSE, CITATION.cff, CONTRIBUTING.md."""

from __future__ import annotations

import pytest
import yaml

from helpers.environment import REPOSITORY, VERSION

FILES = ("LICENSE", "CITATION.cff", "CONTRIBUTING.md")


@pytest.mark.parametrize("name", FILES)
def test_file_exists_and_readme_links_it(repo, name):
    assert (repo / name).is_file()
    assert f"]({name})" in (repo / "README.md").read_text(encoding="utf-8")


def test_license_names_both_licences(repo):
    text = (repo / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in text
    assert "CC BY-SA 4.0" in text


def test_citation_matches_package(repo):
    citation = yaml.safe_load((repo / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert citation["version"] == VERSION, "версия и адрес — из helpers/environment.py (make retarget)"
    assert citation["repository-code"] == f"https://github.com/{REPOSITORY}"
    assert citation.get("url", citation["repository-code"]) == citation["repository-code"]
    assert citation["authors"]
