"""Binder's environment: it installs on the Python Binder will use, agrees with the lock, and runs every chapter.

Binder itself cannot be reached from a test. What can be checked: binder/runtime.txt names a Python
(repo2docker otherwise takes its default, and ignores pyproject's requires-python when binder/ exists),
every pin of binder/requirements.txt has a wheel for that Python (resolved by pip as for that
version, whatever Python runs the tests), and the environment built from it (tests/binder_venv.py)
runs every chapter.
"""

import json
import re
import subprocess
import sys
import tomllib

import pytest
import yaml
from binder_venv import BINDER, ROOT, binder_python_version, binder_venv, clean_env


def chapters():
    """The notebooks of the table of contents (the API reference is a reStructuredText page, not one)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [name for name in pages if (ROOT / f"{name}.md").exists()]


def requirement_lines(path=BINDER / "requirements.txt"):
    lines = [line.split("#")[0].strip() for line in path.read_text().splitlines()]
    return [line for line in lines if line]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lines) -> dict[str, str]:
    return {
        canonical(n): v for n, v in (line.split("==") for line in lines if "==" in line and not line.startswith("-"))
    }


def test_binder_requirements_are_pinned():
    lines = requirement_lines()
    assert any(line.startswith("-e .") for line in lines)
    assert all("==" in line for line in lines if not line.startswith("-e"))
    # what the chapters need live: JupyterLab, chapters opened as notebooks, prose with the kernel's numbers
    assert {"jupyterlab", "jupytext", "jupyterlab-myst", "ipykernel", "ipywidgets", "altair"} <= set(pins(lines))


def test_binder_runtime_names_the_python():
    # repo2docker's default Python is older than pyproject's requires-python, so it must be named
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == ">=3.11"


def test_binder_pins_agree_with_the_lock():
    lock = pins(requirement_lines(ROOT / "requirements" / "lock.txt"))
    binder = pins(requirement_lines())
    disagree = {n: (v, lock[n]) for n, v in binder.items() if n in lock and lock[n] != v}
    assert disagree == {}, "binder/requirements.txt (first) and requirements/lock.txt (second) disagree"


def test_postbuild_makes_the_jupytext_notebook_the_default_viewer():
    overrides = json.loads((BINDER / "overrides.json").read_text())
    viewers = overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == "Jupytext Notebook"
    assert "overrides.json" in (BINDER / "postBuild").read_text()


@pytest.mark.binder
def test_binder_requirements_install_on_binders_python(tmp_path):
    """Every pin, and the package's own dependencies and extras, resolve to wheels for Binder's Python."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    editable = [line for line in requirement_lines() if line.startswith("-e")]
    assert len(editable) == 1 and editable[0].startswith("-e .[")
    wanted = editable[0].removeprefix("-e .[").rstrip("]").split(",")
    needs = list(project["dependencies"]) + [d for extra in wanted for d in project["optional-dependencies"][extra]]
    resolve = tmp_path / "requirements.txt"
    resolve.write_text("\n".join([line for line in requirement_lines() if not line.startswith("-")] + needs) + "\n")
    report = tmp_path / "report.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--ignore-installed",
            "--quiet",
            "--disable-pip-version-check",
            "--only-binary=:all:",
            "--python-version",
            binder_python_version(),
            "--target",
            tmp_path / "target",
            "--report",
            report,
            "-r",
            resolve,
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"binder/requirements.txt does not install on Binder's Python:\n{result.stderr}"
    resolved = {
        canonical(i["metadata"]["name"]): i["metadata"]["version"] for i in json.loads(report.read_text())["install"]
    }
    assert {n: resolved.get(n) for n in pins(requirement_lines())} == pins(requirement_lines())


# The kernel talks over IPC sockets, not TCP ports: ports picked free and bound a moment later can be taken
# by another kernel started meanwhile (a busy CI machine), and the chapter then waits for replies forever.
RUN_CHAPTER = """
import os, sys, tempfile, jupytext, nbclient
from jupyter_client.manager import KernelManager
source = sys.argv[1]
notebook = jupytext.read(source)
sockets = os.path.join(tempfile.mkdtemp(), "kernel")  # the IPC sockets' files, out of the checkout
kernel = KernelManager(kernel_name="python3", transport="ipc", ip=sockets)
nbclient.NotebookClient(notebook, km=kernel, timeout=300, kernel_name="python3",
                        resources={"metadata": {"path": sys.argv[2]}}).execute()
"""


@pytest.mark.binder
def test_every_chapter_runs_in_the_binder_environment():
    where = binder_venv()
    env = clean_env(where / "bin")
    python = where / "bin" / "python"
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
    assert kernel.stdout.strip() == str(where)
