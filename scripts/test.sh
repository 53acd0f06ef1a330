#!/usr/bin/env bash
# Set up, build the book (its pages are tested too), and run every test, doctests included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-book.sh
.venv/bin/python -m pytest "$@"
