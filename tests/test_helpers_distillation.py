"""helpers.distillation: набор цифр в формате beans, источник модели, точность, кэш логитов, время."""

from __future__ import annotations

import urllib.error

import numpy as np
import pytest
import torch
from transformers import ViTConfig, ViTForImageClassification

import helpers.data
from helpers.distillation import (
    accuracy,
    count_parameters,
    digits_dataset,
    pretrained_source,
    teacher_logits,
    time_per_image,
    with_teacher_logits,
)


@pytest.fixture(scope="module")
def digits():
    return digits_dataset(8, seed=0)


@pytest.fixture(scope="module")
def tiny_vit():
    torch.manual_seed(0)
    return ViTForImageClassification(ViTConfig(image_size=8, patch_size=4, hidden_size=16, num_hidden_layers=1,
                                               num_attention_heads=2, intermediate_size=32, num_labels=10)).eval()


def pixels(dataset, n):
    images = np.stack([np.asarray(dataset[i]["image"], dtype=np.float32) / 255 for i in range(n)])
    return dataset.select(range(n)).add_column("pixel_values", images.transpose(0, 3, 1, 2).tolist())


def test_digits_dataset_splits(digits):
    sizes = {split: len(part) for split, part in digits.items()}
    assert sum(sizes.values()) == 1797 and sizes["train"] > 3 * sizes["test"]
    assert digits["train"].column_names == ["image", "labels"]
    assert digits["train"][0]["image"].mode == "RGB" and digits["train"][0]["image"].size == (8, 8)
    assert digits["test"].features["labels"].names == [str(d) for d in range(10)]
    assert set(digits["test"]["labels"][:]) == set(range(10))  # стратификация: все классы в тесте
    again = digits_dataset(8, seed=0)
    assert again["test"]["labels"][:] == digits["test"]["labels"][:]


@pytest.mark.parametrize("fraction", [0.0, 0.5, 1.2])
def test_digits_dataset_bad_fraction(fraction):
    with pytest.raises(ValueError, match="validation_fraction"):
        digits_dataset(8, seed=0, validation_fraction=fraction)


def test_accuracy():
    logits = np.array([[2.0, 1.0], [0.0, 3.0], [1.0, 0.0], [0.0, 1.0]])
    assert accuracy((logits, np.array([0, 1, 1, 1]))) == {"accuracy": 0.75}
    assert accuracy(((logits, np.zeros((4, 5))), np.array([0, 1, 0, 1]))) == {"accuracy": 1.0}
    with pytest.raises(ValueError, match="логиты"):
        accuracy((logits[:, 0], np.array([0, 1, 1, 1])))


def test_pretrained_source_local_folder(tmp_path, tiny_vit):
    tiny_vit.save_pretrained(tmp_path / "beans-vit-224")
    assert pretrained_source(tmp_path, "merve/beans-vit-224") == str(tmp_path / "beans-vit-224")


def test_pretrained_source_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="huggingface-cli download merve/beans-vit-224"):
        pretrained_source(tmp_path, "merve/beans-vit-224")


def test_pretrained_source_offline(monkeypatch):
    def no_network(*args, **kwargs):
        raise urllib.error.URLError("сеть недоступна")

    monkeypatch.setattr(helpers.data.urllib.request, "urlopen", no_network)
    with pytest.raises(ConnectionError, match="Без сети скачайте модель merve/beans-vit-224"):
        pretrained_source(None, "merve/beans-vit-224")


@pytest.mark.parametrize("repo_id", ["beans-vit-224", "a/b/c", None])
def test_pretrained_source_bad_id(repo_id):
    with pytest.raises(ValueError, match="владелец/модель"):
        pretrained_source(None, repo_id)


def test_teacher_logits_cached_equal_direct(digits, tiny_vit):
    part = pixels(digits["train"], 10)
    cached = with_teacher_logits(part, tiny_vit, batch_size=3).with_format("torch")
    direct = tiny_vit(pixel_values=cached["pixel_values"][:]).logits.detach()
    assert cached["teacher_logits"][:].shape == (10, 10)
    torch.testing.assert_close(cached["teacher_logits"][:], direct, atol=1e-5, rtol=0)
    again = with_teacher_logits(cached, tiny_vit)  # повторный вызов заменяет колонку, а не падает
    assert again.column_names.count("teacher_logits") == 1


def test_teacher_logits_bad_input(digits, tiny_vit):
    with pytest.raises(ValueError, match="pixel_values"):
        teacher_logits(tiny_vit, digits["train"])
    with pytest.raises(ValueError, match="batch_size"):
        teacher_logits(tiny_vit, pixels(digits["train"], 2), batch_size=0)


def test_count_parameters_and_timing(tiny_vit):
    assert count_parameters(torch.nn.Linear(3, 2)) == 8
    seconds = time_per_image(tiny_vit, torch.zeros(5, 3, 8, 8), warmup=2)
    assert 0 < seconds < 1
    with pytest.raises(ValueError, match="warmup"):
        time_per_image(tiny_vit, torch.zeros(2, 3, 8, 8), warmup=2)
