#!/bin/sh
# Put the CMS bundle into an office's admin folder from the npm registry (never a CDN).
# Usage: scripts/vendor-cms.sh ADMIN_DIR   (the folder `patracker cms-config --out` wrote)
#
# Decap CMS's single-file bundle (about 5 MB) loads nothing from other hosts; Sveltia
# CMS's (about 2 MB) fetches fonts and some modules from jsdelivr/unpkg at run time, so it
# is not the default (docs/cms.md). The bundle is not committed to PA Tracker: each office
# vendors this pinned, integrity-checked version into its own site, and upgrades here.
set -eu
PACKAGE=decap-cms
VERSION=3.16.3
INTEGRITY=sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==
out=${1:?usage: $0 ADMIN_DIR}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
( cd "$work" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null )
tarball="$work/$PACKAGE-$VERSION.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 | tr -d '\n')"
[ "$got" = "$INTEGRITY" ] || { echo "integrity mismatch: $got" >&2; exit 1; }
tar -xzf "$tarball" -C "$work" package/dist/decap-cms.js package/dist/decap-cms.js.LICENSE.txt
if grep -Eq 'https://(cdn\.jsdelivr\.net|unpkg\.com|fonts\.googleapis\.com|cdnjs\.)' "$work/package/dist/decap-cms.js"; then
  echo "the bundle refers to a CDN host; not vendored" >&2
  exit 1
fi
cp "$work/package/dist/decap-cms.js" "$out/cms.js"
cp "$work/package/dist/decap-cms.js.LICENSE.txt" "$out/cms.LICENSE.txt"
echo "$PACKAGE $VERSION → $out/cms.js"
