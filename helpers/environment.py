"""Где и как идёт блокнот: среда (Colab / Binder / локально, GPU / TPU / CPU), профиль, сиды, папка вывода,
а также адрес репозитория курса (задан здесь и только здесь), ссылки Colab / Binder на блокноты и
строка установки пакета курса на Colab."""

from __future__ import annotations

import dataclasses
import os
import random
import re
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar

import numpy as np

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


# --- адрес курса: значки Colab / Binder и установка на Colab ---------------------------------------

REPOSITORY = "dl-course-ru/notebooks"  # владелец/имя на GitHub
BRANCH = "main"
PACKAGE_NAME = "dl-course-ru"

COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"


def _notebook_path(notebook: str) -> PurePosixPath:
    path = PurePosixPath(notebook)
    if path.suffix != ".ipynb" or path.parts[:1] != ("notebooks",) or len(path.parts) != 2:
        raise ValueError(f"Ожидался путь вида 'notebooks/NN_имя.ipynb', получено {notebook!r}.")
    return path


def _ref(ref: str) -> str:
    if not isinstance(ref, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", ref):
        raise ValueError(f"Ветка или метка должна быть словом из латиницы, цифр, '.', '_' и '-', получено {ref!r}.")
    return ref


def colab_url(notebook: str, ref: str = BRANCH) -> str:
    """Ссылка «Открыть в Colab» для блокнота `notebooks/…ipynb` из ветки или метки `ref`."""
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{_ref(ref)}/{_notebook_path(notebook)}"


def binder_url(notebook: str, ref: str = BRANCH) -> str:
    """Ссылка на Binder, открывающая JupyterLab сразу на этом блокноте из ветки или метки `ref`."""
    lab_path = str(_notebook_path(notebook)).replace("/", "%2F")
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/{_ref(ref)}?labpath={lab_path}"


def badges_markdown(notebook: str, ref: str = BRANCH) -> str:
    """Строка Markdown с двумя значками: Colab и Binder (блокнот из ветки или метки `ref`)."""
    return (
        f"[![Открыть в Colab]({COLAB_BADGE})]({colab_url(notebook, ref)}) "
        f"[![Binder]({BINDER_BADGE})]({binder_url(notebook, ref)})"
    )


def install_spec(extras: tuple[str, ...] = ()) -> str:
    """Что ставить через pip на Colab: пакет курса прямо из репозитория, с нужными extras."""
    suffix = f"[{','.join(extras)}]" if extras else ""
    return f"{PACKAGE_NAME}{suffix} @ git+https://github.com/{REPOSITORY}@{BRANCH}"
