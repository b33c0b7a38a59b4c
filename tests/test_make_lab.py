"""`make lab` поднимает JupyterLab с блокнотами курса (проверка запросом к API сервера)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

TOKEN = "course-test-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_make_lab_serves_notebooks(tmp_path, repo, notebook_paths):
    port = free_port()
    arguments = f"LAB_ARGS=--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={TOKEN}"
    log = open(tmp_path / "lab.log", "w")
    server = subprocess.Popen(["make", "lab", arguments], cwd=repo, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/contents?content=1",
                                     headers={"Authorization": f"token {TOKEN}"})
    try:
        deadline, listing = time.monotonic() + 90, None
        while listing is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    listing = json.load(response)
            except (urllib.error.URLError, ConnectionError):
                time.sleep(1)
        assert listing is not None, (tmp_path / "lab.log").read_text()
        served = {item["name"] for item in listing["content"]}
        assert {path.name for path in notebook_paths} <= served
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
