"""Замер: эпоха дистилляции с учителем в цикле (как в статье-источнике) против логитов учителя из кэша.

Настоящие архитектуры со случайными весами из конфигов: учитель ViT-B/16 на 224×224, ученик
MobileNetV2 (3 класса), CPU. «Эпоха» маленькая — BATCHES батчей по BATCH_SIZE картинок (случайные
тензоры): время шага от содержимого картинок не зависит. Функция потерь и подкласс Trainer
берутся из самого блокнота 03, чтобы замерять ровно его код.

Запуск: `make bench` или `.venv/bin/python bench/bench_distillation.py`.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import datasets
import torch
from transformers import (
    MobileNetV2Config,
    MobileNetV2ForImageClassification,
    TrainingArguments,
    ViTConfig,
    ViTForImageClassification,
)

from helpers.distillation import teacher_logits

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "03_distillation_vit_mobilenet.ipynb"
BATCH_SIZE = 8
BATCHES = 4
REPEATS = 2  # каждую эпоху меряем дважды и берём лучшее время: машина шумная
TEMPERATURE, LAMBDA = 5.0, 0.5
MIN_SPEEDUP = 3.0
LOSS_TOLERANCE = 1e-5


def notebook_definitions() -> dict:
    """Выполняет ячейку imports и ячейки с distillation_loss и DistillationTrainer из блокнота."""
    notebook_cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    cells = ["".join(cell["source"]) for cell in notebook_cells if cell["cell_type"] == "code"]
    imports = next(cell for cell in notebook_cells if "imports" in cell.get("metadata", {}).get("tags", []))
    namespace: dict = {}
    exec("".join(imports["source"]), namespace)
    for marker in ("def distillation_loss", "class DistillationTrainer"):
        exec(next(cell for cell in cells if marker in cell), namespace)
    return namespace


def main() -> None:
    torch.manual_seed(0)
    definitions = notebook_definitions()
    trainer_class = definitions["DistillationTrainer"]
    teacher = ViTForImageClassification(ViTConfig(num_labels=3)).eval()  # ViT-B/16, 224×224
    student_config = MobileNetV2Config(num_labels=3)
    images = torch.randn(BATCH_SIZE * BATCHES, 3, 224, 224)
    labels = torch.randint(0, 3, (len(images),))

    dataset = datasets.Dataset.from_dict({"pixel_values": images.numpy(), "labels": labels.numpy()}).with_format("torch")
    started = time.perf_counter()
    logits = teacher_logits(teacher, dataset, batch_size=BATCH_SIZE)
    caching_seconds = time.perf_counter() - started
    examples = [{"pixel_values": images[i], "labels": labels[i], "teacher_logits": logits[i]} for i in range(len(images))]

    with tempfile.TemporaryDirectory() as output:
        args = TrainingArguments(output_dir=output, per_device_train_batch_size=BATCH_SIZE, num_train_epochs=1,
                                 eval_strategy="no", save_strategy="no", logging_strategy="no", report_to="none",
                                 remove_unused_columns=False, disable_tqdm=True, use_cpu=True, seed=0)

        def make_trainer(with_teacher: bool):
            torch.manual_seed(0)
            student = MobileNetV2ForImageClassification(student_config)
            return trainer_class(model=student, args=args, train_dataset=examples,
                                 teacher=teacher if with_teacher else None,
                                 temperature=TEMPERATURE, lambda_param=LAMBDA)

        # Одна и та же функция потерь на одном батче: учитель в цикле и кэш.
        loop, cache = make_trainer(True), make_trainer(False)
        batch = loop.data_collator(examples[:BATCH_SIZE])
        cache.model.load_state_dict(loop.model.state_dict())
        loop.model.eval()
        cache.model.eval()
        with torch.no_grad():
            loss_loop = loop.compute_loss(loop.model, dict(batch)).item()
            loss_cache = cache.compute_loss(cache.model, dict(batch)).item()

        times = {True: [], False: []}
        for _ in range(REPEATS):
            for with_teacher in (True, False):
                times[with_teacher].append(make_trainer(with_teacher).train().metrics["train_runtime"])

    epoch_loop, epoch_cache = min(times[True]), min(times[False])
    speedup = epoch_loop / epoch_cache
    print(f"Дистилляция ViT-B/16 (224×224) → MobileNetV2, CPU, эпоха = {BATCHES} батча по {BATCH_SIZE} картинок")
    print(f"  учитель в цикле (статья-источник): {epoch_loop:.2f} с на эпоху (замеры: {times[True]})")
    print(f"  логиты из кэша (блокнот 03):       {epoch_cache:.2f} с на эпоху (замеры: {times[False]})")
    print(f"  ускорение: ×{speedup:.2f} (нужно ≥ ×{MIN_SPEEDUP:g}); кэш посчитан один раз за {caching_seconds:.2f} с")
    print(f"  потери на одном батче: {loss_loop:.7f} и {loss_cache:.7f}, разница {abs(loss_loop - loss_cache):.1e} "
          f"(нужно ≤ {LOSS_TOLERANCE:g})")
    failures = []
    if speedup < MIN_SPEEDUP:
        failures.append(f"ускорение ×{speedup:.2f} < ×{MIN_SPEEDUP:g}")
    if abs(loss_loop - loss_cache) > LOSS_TOLERANCE:
        failures.append("потери с кэшем и с учителем в цикле различаются")
    if failures:
        raise SystemExit("НЕ ВЫПОЛНЕНО: " + "; ".join(failures))
    print("OK")


if __name__ == "__main__":
    main()
