#!/usr/bin/env bash
# Set up (scripts/setup.sh) and build the book into _build/html, failing on any warning or execution error.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The browser libraries the site serves itself (versions pinned in static_site/package-lock.json).
command -v npm >/dev/null || { echo "npm (Node.js) is needed to fetch the site's chart libraries" >&2; exit 1; }
# npm ci only when the lock changed since the last install (a rerun then needs no network).
lock="$(sha256sum static_site/package-lock.json | cut -c1-16)"
if [ "$(cat static_site/node_modules/.advisor-lock 2>/dev/null)" != "$lock" ]; then
    npm ci --prefix static_site --no-audit --no-fund --loglevel=error
    echo "$lock" > static_site/node_modules/.advisor-lock
fi
# Thebe for Live Code: one pinned tarball, integrity checked; fetched only when its pin changed.
bash static_site/thebe/vendor.sh
# Chapters run as Sphinx reads them (execute_notebooks: inline, so that {eval} roles see the kernel), and
# Sphinx's environment (_build/.doctrees) keeps each page: a rebuild re-reads, and so re-runs, only the
# chapters that changed. That cache cannot see the package, so a change to advisor/ or its data (or to the
# build's own settings) clears it and re-reads every chapter.
model="$(find advisor -type f \( -name '*.py' -o -name '*.csv' -o -name '*.json' \) -print0 | sort -z \
    | xargs -0 sha256sum | cat - _config.yml _toc.yml static_site/*.py | sha256sum | cut -c1-16)"
if [ "$(cat _build/.advisor-model 2>/dev/null)" != "$model" ]; then
    rm -rf _build/.jupyter_cache _build/.doctrees _build/html
    mkdir -p _build && echo "$model" > _build/.advisor-model.pending
    .venv/bin/jupyter-book build . --all -W -n --keep-going
    mv _build/.advisor-model.pending _build/.advisor-model
else
    .venv/bin/jupyter-book build . -W -n --keep-going
fi
echo "Book built: $(pwd)/_build/html/index.html"
