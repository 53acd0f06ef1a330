"""The README's install command and first example, in a fresh virtual environment on Binder's Python.

The README installs from the repository's URL; here the same requirement comes from this checkout
(``path/to/advisor[charts,widgets]``, from a copy of it), so that what is tested is the working tree. The venv is new each run:
about half a minute with pip's cache warm.
"""

import re
import shutil
import subprocess

import pytest
from binder_venv import ROOT, binder_python_version, clean_env

pytestmark = pytest.mark.binder


def readme_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", (ROOT / "README.md").read_text(), re.S)


def test_readme_install_and_first_example(tmp_path):
    install = readme_blocks("bash")
    assert any('pip install "advisor[charts,widgets] @ git+' in block for block in install)
    first = next(block for block in readme_blocks("python") if "print(" in block)
    python = shutil.which(f"python{binder_python_version()}")
    if python is None:
        pytest.fail(f"python{binder_python_version()} is needed for this test")
    where = tmp_path / "venv"
    subprocess.run([python, "-m", "venv", where], check=True)
    env = clean_env(where / "bin")
    pip = [where / "bin" / "python", "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], env=env, check=True)
    # from a copy: setuptools writes build/ into the tree it installs from
    source = tmp_path / "advisor"
    skip = shutil.ignore_patterns(".git", ".venv*", "_build", "build", "node_modules", "*.egg-info", "__pycache__")
    shutil.copytree(ROOT, source, ignore=skip, symlinks=True)
    subprocess.run([*pip, "install", f"{source}[charts,widgets]"], env=env, check=True, cwd=tmp_path)
    run = subprocess.run([where / "bin" / "python", "-c", first], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert re.match(r"(RAG|Fine-tuning|Hybrid|Prompting)\b.*\$\d", run.stdout), run.stdout
    # the charts and calculators the README shows next, built (no notebook to draw them in)
    extras = (
        first
        + "from advisor import charts, widgets\ncharts.tco_by_volume_chart(s).to_dict()\nwidgets.decision_calculator(s)\n"
    )
    run = subprocess.run(
        [where / "bin" / "python", "-c", extras], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
