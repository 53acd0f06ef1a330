"""Opening a chapter in JupyterLab and saving it changes nothing.

JupyterLab saves a chapter through jupytext, which writes its own canonical form of the notebook; a
chapter already in that form comes back byte for byte. What a live session adds is kept out: the
prose's evaluated roles (``user_expressions``, written by jupyterlab-myst) are filtered by each
chapter's header, and the kernelspec is the one JupyterLab writes. tests/test_jupyterlab.py saves
chapters from a real JupyterLab session and compares them too.
"""

from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_is_in_jupytext_canonical_form(path):
    text = path.read_text(encoding="utf-8")
    notebook = jupytext.reads(text, fmt="md:myst")
    assert jupytext.writes(notebook, fmt="md:myst") == text, (
        f"{path.name} is not in jupytext's canonical form: a save in JupyterLab would rewrite it "
        "(rewrite it with jupytext.write(jupytext.read(path), path, fmt='md:myst'))"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_what_a_live_session_adds_is_not_saved(path):
    metadata = jupytext.read(path).metadata
    assert "-user_expressions" in metadata["jupytext"]["cell_metadata_filter"]
    assert metadata["kernelspec"] == {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
