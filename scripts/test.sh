#!/usr/bin/env bash
# Set up, check style (ruff) and types (mypy), build the book (its pages are tested too), and run every test,
# doctests and browser tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser tests drive Debian's Chromium (Playwright's own browser download cannot work here).
if ! command -v chromium >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "Chromium is needed for the browser tests: sudo apt-get install chromium" >&2
        exit 1
    fi
fi
bash scripts/setup.sh
# Style and types first: they take seconds, the book and the tests minutes.
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
bash scripts/build-book.sh
.venv/bin/python -m pytest "$@"
