#!/usr/bin/env bash
# Create .venv (if missing) and install the package with every extra (dev: ruff, mypy, mutmut), at the versions
# in requirements/lock.txt.
# Once installed, a rerun with unchanged pins does nothing (and needs no network).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
    "$PYTHON" -m venv .venv
fi
# What the installed set depends on: the pins, the package's metadata, and the interpreter.
stamp="$(cat requirements/lock.txt pyproject.toml | sha256sum | cut -c1-16)-$(.venv/bin/python -c 'import sys; print(sys.version.split()[0])')"
if [ "$(cat .venv/.advisor-setup 2>/dev/null)" = "$stamp" ]; then
    exit 0
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24,<27"
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
    -c requirements/lock.txt -e ".[book,test,data,dev]"
echo "$stamp" > .venv/.advisor-setup
