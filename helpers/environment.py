"""Где и как идёт блокнот: среда (Colab / Binder / локально, GPU / TPU / CPU), профиль, сиды, папка вывода,
версии пакетов рядом с поддерживаемыми, а также адрес репозитория и выпуск курса (заданы здесь и только
здесь), ссылки Colab / Binder на блокноты и строка установки пакета курса на Colab."""

from __future__ import annotations

import dataclasses
import os
import platform
import random
import re
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TypeVar

import numpy as np

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet

PROFILES = ("auto", "full", "cpu", "smoke")
PROFILE_JOBS = {
    "full": "лекция как есть, рассчитан на GPU",
    "cpu": "тот же урок за минуты на CPU ноутбука",
    "smoke": "проверка кода за секунды, для тестов",
}
RESOLVED_PROFILES = tuple(PROFILE_JOBS)  # профили после раскрытия "auto"
Params = TypeVar("Params")


@dataclass(frozen=True)
class Runtime:
    """Описание среды выполнения: платформа и ускоритель."""

    platform: str  # "colab", "binder" или "local"
    accelerator: str  # "gpu", "tpu" или "cpu"

    def describe(self) -> str:
        """Одна строка по-русски для вывода в блокноте."""
        names = {"colab": "Google Colab", "binder": "Binder", "local": "локальный компьютер"}
        return f"Среда: {names[self.platform]}, ускоритель: {self.accelerator.upper()}"


def _platform() -> str:
    if "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ:
        return "colab"
    if "BINDER_SERVICE_HOST" in os.environ or "BINDER_REQUEST" in os.environ:
        return "binder"
    return "local"


def _accelerator() -> str:
    if "COLAB_TPU_ADDR" in os.environ or "TPU_NAME" in os.environ:
        return "tpu"
    tf = sys.modules.get("tensorflow")
    if tf is not None and tf.config.list_physical_devices("GPU"):
        return "gpu"
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_available():
        return "gpu"
    if tf is None and torch is None and shutil.which("nvidia-smi"):
        return "gpu"
    return "cpu"


def detect_runtime() -> Runtime:
    """Определяет платформу и ускоритель, не импортируя фреймворков.

    Если TensorFlow или PyTorch уже импортированы, GPU спрашивается у них;
    иначе GPU считается доступным при наличии `nvidia-smi`.
    """
    return Runtime(platform=_platform(), accelerator=_accelerator())


def set_seed(seed: int) -> list[str]:
    """Фиксирует сиды Python, NumPy и уже импортированных TensorFlow / PyTorch.

    Фреймворк, который блокнот ещё не импортировал, не импортируется (это стоит секунд):
    импортируйте его до вызова. Возвращает список генераторов, получивших сид.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"SEED должен быть целым числом, получено {seed!r} ({type(seed).__name__}).")
    if not 0 <= int(seed) < 2**32:
        raise ValueError(f"SEED должен лежать в диапазоне [0, 2**32), получено {seed}.")
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed)
    seeded = ["python", "numpy"]
    if "keras" in sys.modules or "tensorflow" in sys.modules:
        import keras

        keras.utils.set_random_seed(seed)
        seeded.append("keras/tensorflow")
    if "torch" in sys.modules:
        import torch

        torch.manual_seed(seed)
        seeded.append("torch")
    return seeded


def resolve_profile(profile: str, runtime: Runtime | None = None) -> str:
    """Проверяет PROFILE и раскрывает "auto": "full" при GPU или TPU, иначе "cpu".

    Печатает одну строку: какой профиль выбран и как выбрать другой. Возвращает имя профиля.
    Вызывайте после импорта фреймворка: GPU спрашивается у него (см. detect_runtime).
    """
    if profile not in PROFILES:
        raise ValueError(
            f"Неизвестный профиль PROFILE={profile!r}. Допустимые значения: "
            f"{', '.join(repr(p) for p in PROFILES)} — 'auto' выбирает 'full' при GPU и 'cpu' без него; "
            + "; ".join(f"'{name}' — {job}" for name, job in PROFILE_JOBS.items())
            + "."
        )
    if profile == "auto":
        accelerator = (runtime or detect_runtime()).accelerator
        chosen = "cpu" if accelerator == "cpu" else "full"
        reason = f"найден {accelerator.upper()}" if chosen == "full" else "GPU не найден"
        print(
            f"Профиль {chosen!r} ({PROFILE_JOBS[chosen]}) выбран автоматически: {reason}. "
            f"Другой — PROFILE = \"full\", \"cpu\" или \"smoke\" в ячейке параметров."
        )
        return chosen
    print(f"Профиль {profile!r}: {PROFILE_JOBS[profile]}.")
    return profile


def select_params(table: Mapping[str, Params], profile: str, **overrides: object) -> Params:
    """Запись профиля из таблицы `table` с заменой полей, переданных не как None.

    `table` — словарь «профиль → dataclass с размерами»; `overrides` — ручки из ячейки параметров
    (имена полей записи), None значит «как в профиле».
    """
    if profile not in table:
        raise ValueError(f"В таблице профилей нет {profile!r}; есть: {', '.join(map(repr, table))}.")
    record = table[profile]
    if not dataclasses.is_dataclass(record):
        raise TypeError(f"Профиль {profile!r} должен быть записью dataclass, получено {type(record).__name__}.")
    fields = {field.name for field in dataclasses.fields(record)}
    unknown = sorted(set(overrides) - fields)
    if unknown:
        raise ValueError(f"У записи профиля нет полей {unknown}; есть: {sorted(fields)}.")
    return dataclasses.replace(record, **{name: value for name, value in overrides.items() if value is not None})


def prepare_output_dir(output_dir: str | os.PathLike[str]) -> Path:
    """Создаёт (если нужно) папку для результатов блокнота и возвращает её путь."""
    if output_dir is None or str(output_dir).strip() == "":
        raise ValueError("OUTPUT_DIR не задан: укажите папку для результатов, например 'outputs/04'.")
    path = Path(output_dir).expanduser()
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(f"OUTPUT_DIR={str(path)!r} — это файл, а нужна папка.")
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- адрес и выпуск курса: единственное место --------------------------------------------------------
# Отсюда берут адрес и выпуск значки Colab и Binder, строка установки пакета курса на Colab, таблица README и
# CITATION.cff. `make retarget REPO=владелец/имя REF=vX.Y.Z` (tools/retarget.py) переписывает две строки ниже
# и пересобирает всё, что из них следует; pyproject.toml берёт отсюда версию пакета.

REPOSITORY = "dl-course-ru/notebooks"  # владелец/имя на GitHub
VERSION = "0.1.0"  # версия пакета dl-course-ru
RELEASE = f"v{VERSION}"  # метка выпуска в git: на неё ведут значки и ставится пакет на Colab
PACKAGE_NAME = "dl-course-ru"

COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"


def _notebook_path(notebook: str) -> PurePosixPath:
    path = PurePosixPath(notebook)
    if path.suffix != ".ipynb" or path.parts[:1] != ("notebooks",) or len(path.parts) != 2:
        raise ValueError(f"Ожидался путь вида 'notebooks/NN_имя.ipynb', получено {notebook!r}.")
    return path


def _ref(ref: str) -> str:
    """Ветка или метка git для ссылок: латиница, цифры, «.», «_», «-»."""
    if not isinstance(ref, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", ref):
        raise ValueError(f"Ветка или метка должна быть словом из латиницы, цифр, '.', '_' и '-', получено {ref!r}.")
    return ref


def colab_url(notebook: str, *, repository: str = REPOSITORY, release: str = RELEASE) -> str:
    """Ссылка «Открыть в Colab» на блокнот `notebooks/…ipynb` выпуска `release`."""
    return f"https://colab.research.google.com/github/{repository}/blob/{_ref(release)}/{_notebook_path(notebook)}"


def binder_url(notebook: str, *, repository: str = REPOSITORY, release: str = RELEASE) -> str:
    """Ссылка на Binder, открывающая JupyterLab сразу на этом блокноте выпуска `release`."""
    lab_path = str(_notebook_path(notebook)).replace("/", "%2F")
    return f"https://mybinder.org/v2/gh/{repository}/{_ref(release)}?labpath={lab_path}"


def badges_markdown(notebook: str, *, repository: str = REPOSITORY, release: str = RELEASE) -> str:
    """Строка Markdown с двумя значками: Colab и Binder."""
    colab = colab_url(notebook, repository=repository, release=release)
    binder = binder_url(notebook, repository=repository, release=release)
    return f"[![Открыть в Colab]({COLAB_BADGE})]({colab}) [![Binder]({BINDER_BADGE})]({binder})"


def install_spec(extras: tuple[str, ...] = (), *, repository: str = REPOSITORY, release: str = RELEASE) -> str:
    """Что ставить через pip на Colab: пакет курса выпуска `release` прямо из репозитория, с нужными extras."""
    suffix = f"[{','.join(extras)}]" if extras else ""
    return f"{PACKAGE_NAME}{suffix} @ git+https://github.com/{repository}@{release}"


# --- версии, на которых идёт блокнот -----------------------------------------------------------------


def _supported_versions() -> tuple[SpecifierSet, dict[str, SpecifierSet]]:
    """Поддерживаемые версии Python и пакетов («имя пакета → условие») — из метаданных установленного пакета курса.

    Источник — Requires-Python и Requires-Dist (вместе с extras keras, hf, rl) дистрибутива dl-course-ru, а не
    pyproject.toml: на Colab и после `pip install` папки репозитория рядом нет.
    """
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet
    from packaging.utils import canonicalize_name

    try:
        info = metadata.metadata(PACKAGE_NAME)
    except metadata.PackageNotFoundError:
        raise ModuleNotFoundError(
            f"Пакет курса {PACKAGE_NAME} не установлен (нет его метаданных), поэтому поддерживаемые версии "
            "неизвестны. В корне репозитория выполните `make lab` (или `pip install -e .`)."
        ) from None
    extras = [*(info.get_all("Provides-Extra") or []), ""]
    packages: dict[str, SpecifierSet] = {}
    for line in info.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        if requirement.marker is None or any(requirement.marker.evaluate({"extra": extra}) for extra in extras):
            name = canonicalize_name(requirement.name)
            packages[name] = packages.get(name, SpecifierSet()) & requirement.specifier
    return SpecifierSet(info["Requires-Python"] or ""), packages


def _installed_version(name: str) -> tuple[str, str] | None:
    """(версия, как её показать) установленного пакета — без его импорта; None — пакет не установлен.

    Пакет может стоять под другим именем дистрибутива (tensorflow-cpu вместо tensorflow): тогда берётся тот
    дистрибутив, что ставит модуль с этим именем, и его имя показывается рядом с версией.
    """
    from importlib import metadata

    from packaging.utils import canonicalize_name

    try:
        version = metadata.version(name)
        return version, version
    except metadata.PackageNotFoundError:
        providers = metadata.packages_distributions().get(name.replace("-", "_"), [])
        if not providers:
            return None
        version = metadata.version(providers[0])
        return version, f"{version} ({canonicalize_name(providers[0])})"


def check_versions(*names: str) -> list[str]:
    """Печатает таблицу версий Python и пакетов `names` рядом с поддерживаемыми и возвращает предупреждения.

    Поддерживаемые версии (самые старые, на которых курс проверен, — extras пакета курса) читаются из
    метаданных установленного пакета dl-course-ru, установленные — из метаданных пакетов, без их импорта.
    Предупреждение по-русски — если версия ниже поддерживаемой или пакет не установлен; оно же печатается.
    Имя, которого нет среди зависимостей пакета курса, — ValueError.
    """
    from importlib import metadata

    from packaging.utils import canonicalize_name

    python, packages = _supported_versions()
    unknown = [name for name in names if canonicalize_name(name) not in packages]
    if unknown:
        raise ValueError(
            f"{', '.join(map(repr, unknown))}: нет среди зависимостей установленного пакета курса {PACKAGE_NAME} "
            f"{metadata.version(PACKAGE_NAME)} (есть: {', '.join(sorted(packages))}). Проверьте имя; если "
            "репозиторий обновился, переустановите пакет курса: `make install` (или `pip install -e .`)."
        )
    restart = "и перезапустите ядро (в Colab: «Среда выполнения → Перезапустить сеанс»)"
    rows = [("Python", (platform.python_version(),) * 2, python)]
    rows += [(name, _installed_version(name), packages[canonicalize_name(name)]) for name in names]
    table, warnings = [("пакет", "версия", "поддерживается", "")], []
    for name, installed, specifier in rows:
        version, shown = installed or (None, "не установлен")
        supported = version is not None and specifier.contains(version, prereleases=True)
        table.append((name, shown, str(specifier) or "любая", "✅" if supported else "⚠️"))
        if version is None:
            warnings.append(f"⚠️ {name} не установлен, а он нужен блокноту: выполните "
                            f"pip install \"{name}{specifier}\" {restart}.")
        elif not supported:
            advice = (f"Запустите блокнот в среде с Python {specifier}" if name == "Python"
                      else f"Обновите: pip install -U \"{name}{specifier}\" {restart}")
            warnings.append(f"⚠️ {name} {version} ниже поддерживаемой версии ({specifier}): блокнот может "
                            f"упасть или вести себя не так, как описано. {advice}.")
    widths = [max(len(row[column]) for row in table) for column in range(3)] + [0]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    for warning in warnings:
        print(warning)
    return warnings
