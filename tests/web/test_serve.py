"""`qawl serve` end to end: the CLI starts uvicorn on 127.0.0.1 and the app answers."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from qawl import archive

from .corpus import corpus


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _get(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_qawl_serve_answers_and_guards_writes_with_the_env_token(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    archive.ingest(corpus()[:1], db, progress=False)
    port = _free_port()
    env = {**os.environ, "QAWL_API_TOKEN": "from-env"}
    launcher = "import sys; from qawl.cli import main; sys.exit(main())"
    cmd = [sys.executable, "-c", launcher, "serve", "--db", db, "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                status, stats = _get(base + "/api/stats")
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "qawl serve did not start"
                time.sleep(0.1)
        assert status == 200 and stats["articles"] == 1
        body = json.dumps({"id": "x", "text": "قال: «نعم»."}).encode()
        status, err = _get(base + "/api/articles", body, {"content-type": "application/json"})
        assert status == 401 and err["error"]["code"] == "unauthorized"
        auth = {"content-type": "application/json", "authorization": "Bearer from-env"}
        status, done = _get(base + "/api/articles", body, auth)
        assert status == 201 and done["inserted"] == 1, done
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()
