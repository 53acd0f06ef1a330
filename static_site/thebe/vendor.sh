#!/usr/bin/env bash
# Fetch the pinned Thebe (package.json "vendored") from the npm registry with `npm pack`, check the
# tarball's integrity, and keep its prebuilt browser files in dist/ (what the book serves for Live Code).
set -euo pipefail
cd "$(dirname "$0")"
version=$(node -p "require('./package.json').vendored.thebe.version")
integrity=$(node -p "require('./package.json').vendored.thebe.integrity")
stamp="thebe@$version $integrity"
if [ -f dist/.vendored ] && [ "$(cat dist/.vendored)" = "$stamp" ]; then
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npm pack "thebe@$version" --json --pack-destination "$tmp" --loglevel=error > "$tmp/pack.json"
got=$(node -p "require('$tmp/pack.json')[0].integrity")
if [ "$got" != "$integrity" ]; then
    echo "thebe@$version: integrity $got, expected $integrity" >&2
    exit 1
fi
tar xzf "$tmp/thebe-$version.tgz" -C "$tmp"
rm -rf dist
mkdir -p dist
# the bundle and the chunks it loads from its own folder, their licence notices, and its stylesheet (no source maps)
cp "$tmp"/package/lib/*.js "$tmp"/package/lib/*.LICENSE.txt "$tmp"/package/lib/thebe.css "$tmp"/package/package.json dist/
echo "$stamp" > dist/.vendored
