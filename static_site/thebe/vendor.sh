#!/usr/bin/env bash
# Fetch the pinned Thebe (package.json "vendored") from the npm registry with `npm pack`, check the
# tarball's integrity, and keep its prebuilt browser files in dist/ (what the book serves for Live Code).
# Thebe's widget manager fetches require.js from cdnjs by a fixed address before it draws any widget;
# the same release (pinned beside Thebe) is kept in dist/ too, and live-code.js sends that fetch there.
set -euo pipefail
cd "$(dirname "$0")"
field() { node -p "require('./package.json').vendored['$1'].$2"; }
stamp="thebe@$(field thebe version) $(field thebe integrity) requirejs@$(field requirejs version) $(field requirejs integrity)"
if [ -f dist/.vendored ] && [ "$(cat dist/.vendored)" = "$stamp" ]; then
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# unpack the pinned tarball of package $1 into $tmp/$1
fetch() {
    local version integrity got
    version=$(field "$1" version)
    integrity=$(field "$1" integrity)
    mkdir -p "$tmp/$1"
    npm pack "$1@$version" --json --pack-destination "$tmp/$1" --loglevel=error > "$tmp/$1/pack.json"
    got=$(node -p "require('$tmp/$1/pack.json')[0].integrity")
    if [ "$got" != "$integrity" ]; then
        echo "$1@$version: integrity $got, expected $integrity" >&2
        exit 1
    fi
    tar xzf "$tmp/$1/$1-$version.tgz" -C "$tmp/$1"
}
fetch thebe
fetch requirejs
rm -rf dist
mkdir -p dist
# the bundle and the chunks it loads from its own folder, their licence notices, and its stylesheet (no source maps)
cp "$tmp"/thebe/package/lib/*.js "$tmp"/thebe/package/lib/*.LICENSE.txt "$tmp"/thebe/package/lib/thebe.css "$tmp"/thebe/package/package.json dist/
# require.js carries its licence (MIT) in its header
cp "$tmp"/requirejs/package/require.js dist/require.js
echo "$stamp" > dist/.vendored
