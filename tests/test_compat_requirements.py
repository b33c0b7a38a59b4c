"""tools/compat_requirements.py: самые старые версии для `make test-compat` выводятся из extras pyproject.toml."""

from __future__ import annotations

import tomllib

import pytest

PYPROJECT = {"project": {"optional-dependencies": {
    "rl": ["gymnasium[toy-text]>=1.0"],
    "hf": ["torch>=2.6", "transformers >= 4.57.1, <6"],
}}}
ENVIRONMENT = ["torch==2.13.0", 'tensorflow-cpu==2.21.0; sys_platform == "linux"', "transformers==5.23.0",
               "papermill==2.7.0", "ipykernel==7.4.0", "pytest==9.2.0", "# комментарий", ""]


def test_lower_bounds_become_exact_versions(compat_requirements):
    assert compat_requirements.oldest_versions(PYPROJECT) == {"gymnasium": "1.0", "torch": "2.6",
                                                              "transformers": "4.57.1"}


def test_requirements_take_torch_and_runners_from_environment(compat_requirements, tmp_path):
    wheel = tmp_path / "dl_course_ru-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"")
    lines = compat_requirements.compat_requirements(PYPROJECT, ENVIRONMENT, wheel)
    assert lines[0].startswith("#")
    assert lines[1] == f"{wheel}[hf,rl]"
    assert lines[2:] == ["gymnasium==1.0", "torch==2.13.0", "transformers==4.57.1", "papermill==2.7.0",
                         "ipykernel==7.4.0", "pytest==9.2.0"]


def test_course_extras_all_have_lower_bounds(compat_requirements, repo):
    pyproject = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))
    oldest = compat_requirements.oldest_versions(pyproject)
    assert {"tensorflow", "keras", "torch", "transformers", "datasets", "accelerate", "gymnasium"} <= set(oldest)


@pytest.mark.parametrize("requirement", ["tensorflow", "tensorflow<3", "tensorflow~=2.19", "tensorflow>=2.19,>=2.20",
                                         'tensorflow>=2.19; sys_platform == "linux"'])
def test_extra_without_plain_lower_bound_is_refused(compat_requirements, requirement):
    with pytest.raises(ValueError, match="нижняя граница"):
        compat_requirements.oldest_versions({"project": {"optional-dependencies": {"keras": [requirement]}}})


def test_bad_input_is_refused_in_russian(compat_requirements, tmp_path):
    wheel = tmp_path / "course.whl"
    with pytest.raises(FileNotFoundError, match="Нет собранного wheel"):
        compat_requirements.compat_requirements(PYPROJECT, ENVIRONMENT, wheel)
    wheel.write_bytes(b"")
    with pytest.raises(ValueError, match="нет точных версий"):
        compat_requirements.compat_requirements(PYPROJECT, ["torch==2.13.0"], wheel)
    with pytest.raises(ValueError, match="не точная версия"):
        compat_requirements.environment_pins(["torch>=2.6"])
    with pytest.raises(ValueError, match="optional-dependencies"):
        compat_requirements.oldest_versions({"project": {}})


def test_readme_lists_the_oldest_versions(repo):
    readme = (repo / "README.md").read_text(encoding="utf-8")
    extras = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    missing = [requirement for group in extras.values() for requirement in group if f"`{requirement}`" not in readme]
    assert not missing, f"README не называет самые старые версии из pyproject.toml: {missing}"
