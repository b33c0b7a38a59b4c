"""helpers.distillation: выборка меток, источник модели, точность, логиты модели, BatchNorm, время (данные — офлайн-цифры в формате beans)."""

from __future__ import annotations

import urllib.error

import numpy as np
import pytest
import torch
from transformers import ViTConfig, ViTForImageClassification

import helpers.data
from helpers.data import load_beans
from helpers.distillation import (
    accuracy,
    dataset_accuracy,
    labelled_subset,
    pretrained_source,
    recompute_batchnorm_statistics,
    teacher_logits,
    time_per_image,
)


@pytest.fixture(scope="module")
def digits():
    return load_beans(offline=True, seed=0, offline_size=8)


@pytest.fixture(scope="module")
def tiny_vit():
    torch.manual_seed(0)
    return ViTForImageClassification(ViTConfig(image_size=8, patch_size=4, hidden_size=16, num_hidden_layers=1,
                                               num_attention_heads=2, intermediate_size=32, num_labels=10)).eval()


def pixels(dataset, n):
    images = np.stack([np.asarray(dataset[i]["image"], dtype=np.float32) / 255 for i in range(n)])
    return dataset.select(range(n)).add_column("pixel_values", images.transpose(0, 3, 1, 2).tolist())


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
    with pytest.raises(FileNotFoundError, match="hf download merve/beans-vit-224"):
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


def test_teacher_logits_equal_direct_call(digits, tiny_vit):
    part = pixels(digits["train"], 10).with_format("torch")
    logits = teacher_logits(tiny_vit, part, batch_size=3)  # 10 = 3 + 3 + 3 + 1
    direct = tiny_vit(pixel_values=part["pixel_values"][:]).logits.detach()
    assert logits.shape == (10, 10)
    assert logits.device.type == "cpu"
    assert not logits.requires_grad
    torch.testing.assert_close(logits, direct, atol=1e-5, rtol=0)


def test_teacher_logits_bad_input(digits, tiny_vit):
    with pytest.raises(ValueError, match="pixel_values"):
        teacher_logits(tiny_vit, digits["train"])
    with pytest.raises(ValueError, match="batch_size"):
        teacher_logits(tiny_vit, pixels(digits["train"], 2), batch_size=0)


def test_timing(tiny_vit):
    seconds = time_per_image(tiny_vit, torch.zeros(5, 3, 8, 8), warmup=2)
    assert 0 < seconds < 1
    with pytest.raises(ValueError, match="warmup"):
        time_per_image(tiny_vit, torch.zeros(2, 3, 8, 8), warmup=2)


def test_labelled_subset(digits):
    subset = labelled_subset(digits["train"], 3, seed=1)
    labels = subset["labels"][:]
    assert len(subset) == 30
    assert np.bincount(labels).tolist() == [3] * 10
    assert subset.column_names == digits["train"].column_names
    assert labelled_subset(digits["train"], 3, seed=1)["labels"][:] == labels  # сид задаёт выбор
    assert [np.asarray(image).tolist() for image in labelled_subset(digits["train"], 3, seed=2)["image"]] != \
        [np.asarray(image).tolist() for image in subset["image"]]


@pytest.mark.parametrize("per_class", [0, -1, 2.5, True])
def test_labelled_subset_bad_count(digits, per_class):
    with pytest.raises(ValueError, match="per_class"):
        labelled_subset(digits["train"], per_class, seed=0)


def test_labelled_subset_too_few_examples(digits):
    with pytest.raises(ValueError, match="примеров на класс"):
        labelled_subset(digits["test"], 1000, seed=0)
    with pytest.raises(ValueError, match="колонки labels"):
        labelled_subset(digits["train"].remove_columns("labels"), 1, seed=0)


def test_dataset_accuracy_counts_every_image(digits, tiny_vit):
    part = pixels(digits["train"], 10).with_format("torch")
    predicted = tiny_vit(pixel_values=part["pixel_values"][:]).logits.argmax(-1)
    expected = float((predicted == part["labels"][:]).float().mean())
    assert dataset_accuracy(tiny_vit, part, batch_size=3) == pytest.approx(expected)  # 10 = 3 + 3 + 3 + 1
    with pytest.raises(ValueError, match="labels"):
        dataset_accuracy(tiny_vit, part.remove_columns("labels"))


class ConvWithBatchNorm(torch.nn.Module):
    """Свёртка и BatchNorm с momentum как у MobileNetV2 из transformers; вход — pixel_values, как у моделей HF."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3)
        self.norm = torch.nn.BatchNorm2d(4, momentum=0.997)

    def forward(self, pixel_values):
        return self.norm(self.conv(pixel_values))


def test_recompute_batchnorm_statistics(digits):
    torch.manual_seed(0)
    model = ConvWithBatchNorm().eval()
    part = pixels(digits["train"], 10).with_format("torch")
    assert recompute_batchnorm_statistics(model, part, batch_size=5) == 1
    with torch.no_grad():
        features = model.conv(part["pixel_values"][:])
    # два батча по 5 картинок: среднее средних = среднее по всему набору
    torch.testing.assert_close(model.norm.running_mean, features.mean(dim=(0, 2, 3)), atol=1e-5, rtol=0)
    # настройки и режим модели восстановлены
    assert model.norm.momentum == 0.997
    assert not model.training
    assert int(model.norm.num_batches_tracked) == 2


def test_recompute_batchnorm_statistics_bad_input(digits):
    model = ConvWithBatchNorm()
    with pytest.raises(ValueError, match="pixel_values"):
        recompute_batchnorm_statistics(model, digits["train"])
    with pytest.raises(ValueError, match="Пустой набор"):
        recompute_batchnorm_statistics(model, pixels(digits["train"], 2).select([]))
