"""Binder's environment installs into a fresh virtual environment and runs every chapter there.

Binder itself cannot be reached from a test; what can be checked is that binder/requirements.txt
alone (plus what repo2docker always provides: a kernel and nbclient) gives a working reader setup.
"""

import os
import subprocess
import venv
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def chapters():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    where = tmp_path_factory.mktemp("binder-venv")
    venv.create(where, with_pip=True)
    python = where / "bin" / "python"
    subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            "binder/requirements.txt",
            "nbclient==0.11.0",
        ],
        cwd=ROOT,
        check=True,
    )
    return where


def test_binder_requirements_are_pinned():
    lines = [line.split("#")[0].strip() for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines()]
    lines = [line for line in lines if line]
    assert any(line.startswith("-e .") for line in lines)
    assert "jupytext==" in "".join(lines)
    assert all("==" in line for line in lines if not line.startswith("-e"))


RUN_CHAPTER = """
import sys, jupytext, nbclient
source = sys.argv[1]
notebook = jupytext.read(source)
nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                        resources={"metadata": {"path": sys.argv[2]}}).execute()
"""


def test_every_chapter_runs_in_the_binder_environment(binder_env):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH", "JUPYTER"))}
    env["PATH"] = f"{binder_env / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    python = binder_env / "bin" / "python"
    for name in chapters():
        source = ROOT / f"{name}.md"
        # the kernel is the Binder environment's own Python (its ipykernel), not the test runner's
        result = subprocess.run(
            [python, "-c", RUN_CHAPTER, source, source.parent],
            cwd=source.parent,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, f"{name} failed in the Binder environment:\n{result.stderr[-3000:]}"
    kernel = subprocess.run([python, "-c", "import sys; print(sys.prefix)"], capture_output=True, text=True, env=env)
    assert kernel.stdout.strip() == str(binder_env)
