"""requirements/lock.txt agrees with pyproject.toml: every dependency that scripts/setup.sh installs is
pinned there, at a version pyproject allows, and nothing is pinned that no installed package needs."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def setup_extras() -> list[str]:
    """The extras scripts/setup.sh installs (``-e ".[book,test,data,dev]"``)."""
    found = re.search(r'-e "\.\[([a-z,]+)\]"', (ROOT / "scripts" / "setup.sh").read_text())
    assert found, "scripts/setup.sh no longer installs the package with its extras"
    return found.group(1).split(",")


def direct_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    names = project["dependencies"] + [r for extra in setup_extras() for r in extras[extra]]
    return [Requirement(r) for r in names]


def lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"lock.txt: {line!r} is not pinned with =="
            assert canonicalize_name(name) not in pins, f"lock.txt pins {name} twice"
            pins[canonicalize_name(name)] = version
    return pins


def applies(req: Requirement, extras: frozenset[str]) -> bool:
    if req.marker is None:
        return True
    return any(req.marker.evaluate({**default_environment(), "extra": e}) for e in extras or {""})


def test_every_dependency_setup_installs_is_pinned_at_an_allowed_version():
    pins = lock()
    wrong = []
    for req in direct_requirements():
        version = pins.get(canonicalize_name(req.name))
        if version is None:
            wrong.append(f"{req} is not in the lock")
        elif not req.specifier.contains(version, prereleases=True):
            wrong.append(f"{req} but the lock pins {version}")
    assert not wrong, "requirements/lock.txt has drifted from pyproject.toml:\n" + "\n".join(wrong)


def test_the_lock_pins_exactly_what_the_requirements_need():
    """The closure of pyproject's requirements, read from the installed packages' metadata, is the lock."""
    pins = lock()
    needed: dict[str, str] = {}
    missing = []
    todo = [(req, frozenset(req.extras)) for req in direct_requirements()]
    while todo:
        req, extras = todo.pop()
        name = canonicalize_name(req.name)
        if name in needed and not extras:
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            missing.append(req.name)
            continue
        needed[name] = dist.version
        for text in dist.requires or []:
            sub = Requirement(text)
            if applies(sub, extras):
                todo.append((sub, frozenset(sub.extras)))
    if missing:
        pytest.skip(f"this environment was not set up from the lock (bash scripts/setup.sh): {sorted(missing)[:5]}")
    stale = sorted(set(pins) - set(needed))
    unpinned = sorted(set(needed) - set(pins))
    assert not stale, f"pinned in requirements/lock.txt but needed by nothing setup installs: {stale}"
    assert not unpinned, f"installed as a dependency but not pinned in requirements/lock.txt: {unpinned}"
    differ = {name: (pins[name], needed[name]) for name in needed if pins[name] != needed[name]}
    assert not differ, f"installed versions differ from the lock (lock, installed): {differ}"
