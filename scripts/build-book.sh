#!/usr/bin/env bash
# Set up (scripts/setup.sh) and build the book into _build/html, failing on any warning or execution error.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The browser libraries the site serves itself (versions pinned in static_site/package-lock.json).
command -v npm >/dev/null || { echo "npm (Node.js) is needed to fetch the site's chart libraries" >&2; exit 1; }
npm ci --prefix static_site --no-audit --no-fund --loglevel=error
# Neither the execution cache nor Sphinx notices changes to advisor/: every build re-reads and re-runs every chapter.
rm -rf _build/.jupyter_cache
.venv/bin/jupyter-book build . --all -W -n --keep-going
echo "Book built: $(pwd)/_build/html/index.html"
