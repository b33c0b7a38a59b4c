"""Набор beans (листья фасоли, 3 класса): из сети, из копии `save_to_disk` или из папок с картинками.

Модуль не импортирует ни PyTorch, ни TensorFlow: он нужен блокнотам на обоих фреймворках.
Результат всегда один: `datasets.DatasetDict` со сплитами train / validation / test и
колонками `image` (PIL) и `labels` (ClassLabel с именами классов).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.data import require_network, resolve_data_dir

if TYPE_CHECKING:
    import datasets

BEANS_HUB_ID = "beans"  # то же имя, что в лекции; на Hub набор лежит в AI-Lab-Makerere/beans
BEANS_URL = "https://huggingface.co/datasets/AI-Lab-Makerere/beans"
SPLITS = ("train", "validation", "test")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
SUBFOLDER = "beans"  # DATA_DIR может быть самой папкой набора или содержать её под этим именем


def _where_to_put(data_dir: Path | None) -> str:
    base = str(data_dir) if data_dir is not None else "папку курса (например, data/)"
    return (
        f"папку {base}/{SUBFOLDER} — либо копию `load_dataset('beans').save_to_disk(...)`, "
        "либо папки train/, validation/, test/ с подпапками по классам"
    )


def _from_image_folders(root: Path) -> datasets.DatasetDict:
    """Папки root/<сплит>/<класс>/*.jpg → DatasetDict; классы — имена подпапок по алфавиту."""
    import datasets

    missing = [split for split in SPLITS if not (root / split).is_dir()]
    if missing:
        raise FileNotFoundError(
            f"В {str(root)!r} нет папок {', '.join(missing)}. Нужны {', '.join(SPLITS)} "
            "с подпапками по классам (например, train/healthy/*.jpg)."
        )
    classes = sorted(child.name for child in (root / "train").iterdir() if child.is_dir())
    if not classes:
        raise FileNotFoundError(f"В {str(root / 'train')!r} нет подпапок с классами.")
    features = datasets.Features({"image": datasets.Image(), "labels": datasets.ClassLabel(names=classes)})
    splits = {}
    for split in SPLITS:
        unknown = sorted({child.name for child in (root / split).iterdir() if child.is_dir()} - set(classes))
        if unknown:
            raise ValueError(f"В {str(root / split)!r} есть классы {unknown}, которых нет в train: {classes}.")
        files = [(str(path), label) for label, name in enumerate(classes) if (root / split / name).is_dir()
                 for path in sorted((root / split / name).iterdir()) if path.suffix.lower() in IMAGE_SUFFIXES]
        if not files:
            raise FileNotFoundError(f"В {str(root / split)!r} нет картинок ({', '.join(IMAGE_SUFFIXES)}).")
        paths, labels = zip(*files, strict=True)
        splits[split] = datasets.Dataset.from_dict({"image": list(paths), "labels": list(labels)}, features=features)
    return datasets.DatasetDict(splits)


def _from_disk(root: Path) -> datasets.DatasetDict:
    """Копия, сохранённая `DatasetDict.save_to_disk`."""
    import datasets

    loaded = datasets.load_from_disk(str(root))
    if not isinstance(loaded, datasets.DatasetDict):
        raise ValueError(f"В {str(root)!r} сохранён один сплит, а нужен DatasetDict со сплитами {SPLITS}.")
    return _standardise(loaded, str(root))


def _standardise(dataset: datasets.DatasetDict, origin: str) -> datasets.DatasetDict:
    """Оставляет сплиты train/validation/test и колонки image, labels (label → labels)."""
    import datasets

    missing = [split for split in SPLITS if split not in dataset]
    if missing:
        raise ValueError(f"В наборе из {origin} нет сплитов {missing}; есть {list(dataset)}.")
    result = {}
    for split in SPLITS:
        part = dataset[split]
        if "labels" not in part.column_names and "label" in part.column_names:
            part = part.rename_column("label", "labels")
        absent = {"image", "labels"} - set(part.column_names)
        if absent:
            raise ValueError(f"В сплите {split!r} из {origin} нет колонок {sorted(absent)}; есть {part.column_names}.")
        result[split] = part.select_columns(["image", "labels"])
    return datasets.DatasetDict(result)


def load_beans(data_dir: str | os.PathLike[str] | None = None) -> datasets.DatasetDict:
    """Набор beans: DatasetDict (train/validation/test) с колонками image (PIL) и labels.

    data_dir=None — скачивание `load_dataset("beans")` (сначала быстрая проверка сети: без неё
    ошибка по-русски за секунды). Иначе data_dir — папка с копией набора (или папка, в которой
    лежит подпапка `beans`): формат `save_to_disk` (есть dataset_dict.json) или картинки
    train/<класс>/*.jpg, validation/…, test/….
    """
    root = resolve_data_dir(data_dir)
    if root is None:
        require_network(BEANS_URL, what="набор beans (`load_dataset('beans').save_to_disk(...)`)",
                        where=_where_to_put(None))
        import datasets

        return _standardise(datasets.load_dataset(BEANS_HUB_ID), f"Hub ({BEANS_HUB_ID})")
    if (root / SUBFOLDER).is_dir():
        root = root / SUBFOLDER
    if (root / "dataset_dict.json").is_file():
        return _from_disk(root)
    if any((root / split).is_dir() for split in SPLITS):
        return _from_image_folders(root)
    raise FileNotFoundError(
        f"В {str(root)!r} не найден набор beans. Скачайте его (`load_dataset('beans')`, {BEANS_URL}) "
        f"на компьютере с сетью и положите в {_where_to_put(root)}."
    )
