#!/usr/bin/env bash
# Create .venv (if missing) and install the package with every extra, at the versions in requirements/lock.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24,<27"
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
    -c requirements/lock.txt -e ".[book,test,data]"
