"""Фикстуры браузерных тестов (`make test-browser`): Chromium из пакетов системы под Playwright, папка снимков.

Playwright свой браузер не скачивает: берём системный Chromium (`make test-browser` ставит пакет chromium,
если его нет). Каждый запуск — с новым пустым профилем (его создаёт Playwright); ключи ниже отключают
фоновые соединения Chromium, которых в закрытой сети CI всё равно нет.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium системы."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Нет Chromium: выполните make test-browser (ставит его под root) или sudo apt-get install chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots(repo) -> Path:
    """Папка снимков экрана build/screenshots/."""
    path = repo / "build" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
