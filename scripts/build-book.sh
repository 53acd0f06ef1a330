#!/usr/bin/env bash
# Set up (scripts/setup.sh) and build the book into _build/html, failing on any warning or execution error.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The execution cache does not notice changes to advisor/, so every build runs the chapters afresh.
rm -rf _build/.jupyter_cache
.venv/bin/jupyter-book build . -W -n --keep-going
echo "Book built: $(pwd)/_build/html/index.html"
