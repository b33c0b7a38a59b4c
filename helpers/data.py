"""Данные: папка кэша, локальная копия (DATA_DIR), загрузка с проверкой суммы, правила офлайна."""

from __future__ import annotations

import hashlib
import os
import shutil
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from helpers.environment import RESOLVED_PROFILES

DEFAULT_TIMEOUT_S = 10.0
Loaded = TypeVar("Loaded")


CACHE_ENV = "COURSE_CACHE_DIR"  # переменная окружения с папкой кэша курса


def cache_dir() -> Path:
    """Папка кэша курса: $COURSE_CACHE_DIR или ~/.cache/dl-course-ru (создаётся при вызове)."""
    path = Path(os.environ.get(CACHE_ENV, Path.home() / ".cache" / "dl-course-ru"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def resolve_data_dir(data_dir: str | os.PathLike[str] | None) -> Path | None:
    """Проверяет DATA_DIR: None — канонический источник, иначе папка обязана существовать."""
    if data_dir is None:
        return None
    path = Path(data_dir).expanduser()
    if not path.exists():
        raise FileNotFoundError(
            f"DATA_DIR={str(path)!r} не существует. Укажите папку с локальной копией данных "
            "или DATA_DIR=None, чтобы скачать данные из сети."
        )
    if not path.is_dir():
        raise NotADirectoryError(f"DATA_DIR={str(path)!r} — это файл, а нужна папка с данными.")
    return path


def require_file(data_dir: Path, name: str, source: str) -> Path:
    """Возвращает путь к файлу `name` в DATA_DIR или останавливает блокнот с подсказкой.

    `source` — откуда взять файл (адрес или описание), он попадёт в сообщение.
    """
    path = Path(data_dir) / name
    if not path.is_file():
        raise FileNotFoundError(
            f"В DATA_DIR нет файла {name!r}. Скачайте его ({source}) и положите в {str(Path(data_dir))!r}."
        )
    return path


def say_offline(what: str) -> None:
    """Печатает одну заметную строку о том, что блокнот работает на офлайн-замене данных."""
    print(f"⚠ Офлайн-вариант: {what}")


def real_or_offline(profile: str, load_real: Callable[[], Loaded], load_offline: Callable[[], Loaded]) -> Loaded:
    """Данные по правилам профилей: smoke — офлайн-замена; full — только настоящие (без сети — ошибка);
    cpu — настоящие, если их можно взять (DATA_DIR или сеть), иначе офлайн-замена и строка о причине
    (саму замену называет её загрузчик через say_offline).

    `load_real` без сети должен быстро бросать ConnectionError (см. require_network).
    """
    if profile not in RESOLVED_PROFILES:
        raise ValueError(f"real_or_offline: профиль после раскрытия 'auto' — full, cpu или smoke, получено {profile!r}.")
    if profile == "smoke":
        return load_offline()
    if profile == "full":
        return load_real()
    try:
        return load_real()
    except ConnectionError as error:
        print(f"Профиль cpu: настоящие данные недоступны, беру офлайн-замену. Причина: {error}")
        return load_offline()


def sha256_of(path: Path) -> str:
    """SHA-256 файла (читается кусками)."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def download(
    url: str,
    filename: str,
    *,
    sha256: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> Path:
    """Скачивает файл в кэш курса (один раз) и проверяет SHA-256, если он известен.

    Ошибка сети или неверная сумма — понятное сообщение, а не зависание.
    """
    if not url.startswith(("http://", "https://", "file://")):
        raise ValueError(f"Адрес должен начинаться с http://, https:// или file://, получено {url!r}.")
    if not filename or Path(filename).name != filename:
        raise ValueError(f"filename должен быть именем файла без папок, получено {filename!r}.")
    target = cache_dir() / filename
    if not target.exists():
        partial = target.with_suffix(target.suffix + ".part")
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response, open(partial, "wb") as out:
                shutil.copyfileobj(response, out)
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            partial.unlink(missing_ok=True)
            raise ConnectionError(
                f"Не удалось скачать {url} ({error}). Нет сети? Скачайте файл вручную и положите "
                f"его в папку DATA_DIR (или в кэш {str(cache_dir())!r} под именем {filename!r})."
            ) from error
        partial.replace(target)
    if sha256 is not None:
        actual = sha256_of(target)
        if actual != sha256.lower():
            raise ValueError(
                f"Файл {str(target)!r} повреждён или подменён: SHA-256 {actual}, ожидалось {sha256}. "
                "Удалите его и запустите ячейку ещё раз."
            )
    return target


def require_network(url: str, *, what: str, where: str, timeout: float = 5.0) -> None:
    """Проверяет за несколько секунд, что `url` доступен; иначе — ошибка по-русски.

    Вызывается перед загрузкой библиотечными средствами (datasets, from_pretrained, keras),
    которые без сети могут долго повторять попытки. `what` — что скачать вручную,
    `where` — куда это положить (обычно папка для DATA_DIR).
    """
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"Адрес должен начинаться с http:// или https://, получено {url!r}.")
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=timeout):
            return
    except urllib.error.HTTPError:
        return  # сервер ответил (пусть и ошибкой) — сеть есть
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise ConnectionError(
            f"Нет доступа к {url} ({error}). Без сети скачайте {what} на другом компьютере, положите в {where} "
            "и укажите эту папку в параметре DATA_DIR."
        ) from error
