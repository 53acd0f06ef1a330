"""Binder's environment, built the way repo2docker builds it, in a virtual environment of the checkout.

repo2docker installs binder/requirements.txt on the Python that binder/runtime.txt names, then runs
binder/postBuild. The same here, on this machine's Python of that version, from PyPI only, into
``.venv-binder/`` (about a minute the first time). The environment is kept and reused while the files
that made it are unchanged; the package is installed editable, so a change to advisor/ needs no rebuild.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
WHERE = ROOT / ".venv-binder"
INPUTS = [BINDER / "requirements.txt", BINDER / "runtime.txt", BINDER / "postBuild", BINDER / "overrides.json"]


def binder_python_version() -> str:
    """The Python version Binder runs, from binder/runtime.txt ("python-3.11" -> "3.11")."""
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert runtime.startswith("python-"), runtime
    return runtime.removeprefix("python-")


def clean_env(bin_dir: Path) -> dict[str, str]:
    """The environment a process of the Binder venv runs in: none of the test runner's venv or Jupyter settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH", "JUPYTER", "PIP_"))}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return env


def _key() -> str:
    digest = hashlib.sha256()
    for path in [*INPUTS, ROOT / "pyproject.toml"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def binder_venv() -> Path:
    """The Binder environment's venv, built if missing or stale. Fails the test if it cannot be built."""
    version = binder_python_version()
    stamp = WHERE / ".advisor-binder-key"
    if stamp.exists() and stamp.read_text() == _key() and (WHERE / "bin" / "jupyter-lab").exists():
        return WHERE
    python = shutil.which(f"python{version}")
    if python is None:
        pytest.fail(
            f"Binder runs Python {version} (binder/runtime.txt); install python{version} to test its environment"
        )
    shutil.rmtree(WHERE, ignore_errors=True)
    subprocess.run([python, "-m", "venv", WHERE], check=True)  # Binder's Python, not the test runner's
    bin_dir = WHERE / "bin"
    env = clean_env(bin_dir)
    pip = [bin_dir / "python", "-m", "pip", "--disable-pip-version-check", "--no-input"]
    subprocess.run([*pip, "install", "--quiet", "-r", BINDER / "requirements.txt"], cwd=ROOT, env=env, check=True)
    subprocess.run(["bash", BINDER / "postBuild"], cwd=ROOT, env=env, check=True)
    stamp.write_text(_key())
    return WHERE


@contextlib.contextmanager
def jupyter(app: str, root: Path, home: Path, *options: str) -> Iterator[str]:
    """``jupyter-<app>`` ("lab" or "server") of Binder's environment serving ``root`` on a free port of
    127.0.0.1, its settings and log (``<app>.log``) in ``home``; yields its URL, and stops it after."""
    where = binder_venv()
    env = clean_env(where / "bin")
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTERLAB_SETTINGS_DIR"):
        env[name] = str(home / name.lower())
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(home / "workspaces")
    # the kernels' IPC socket files: a short path (a socket's path may not pass 107 characters)
    env["JUPYTER_RUNTIME_DIR"] = runtime = tempfile.mkdtemp(prefix="jr", dir="/tmp")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log_path = home / f"{app}.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [
            where / "bin" / f"jupyter-{app}",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.root_dir={root}",
            "--KernelManager.transport=ipc",  # no TCP ports to race other kernels for (see test_binder)
            *options,
        ],
        env=env,
        cwd=home,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/api", timeout=1)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"jupyter {app} did not start:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        shutil.rmtree(runtime, ignore_errors=True)
