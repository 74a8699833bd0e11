#!/bin/sh
# Install what the CMS browser test needs, from the package registries only (no CDN):
# Node and npm from Debian (apt-get, when missing and run as root), a Thai font for the
# screenshots (Debian's fonts-thai-tlwg, when the machine has none), then decap-cms and
# decap-server from the npm registry into a cache outside the repository, so a second run
# installs nothing. Idempotent; one install at a time per machine (flock).
# Usage: scripts/cms-test-deps.sh [CACHE_DIR]   (default ~/.cache/patracker-npm)
set -eu
DECAP_CMS=3.16.3
DECAP_SERVER=3.11.3
cache=${1:-${PATRACKER_NPM_CACHE:-$HOME/.cache/patracker-npm}}
mkdir -p "$cache"
exec 9>"$cache/.install.lock"
flock 9
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm >/dev/null
  else
    echo "node and npm are missing: install the Debian packages nodejs npm" >&2
    exit 1
  fi
fi
# a Thai font, so the test's screenshots of the CMS are readable (the manual uses them);
# Chromium renders Thai only with a Thai font on the machine, and a missing one only blurs
# the pictures, so this is done where it can be and never fails the install
if ! fc-list :lang=th 2>/dev/null | grep -q . && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-thai-tlwg >/dev/null 2>&1 \
    || { DEBIAN_FRONTEND=noninteractive apt-get update >/dev/null 2>&1 \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-thai-tlwg >/dev/null 2>&1; } || true
fi
stamp="$cache/.installed-$DECAP_CMS-$DECAP_SERVER"
if [ ! -f "$stamp" ] || [ ! -f "$cache/node_modules/decap-cms/dist/decap-cms.js" ] \
  || [ ! -f "$cache/node_modules/decap-server/dist/index.js" ]; then
  [ -f "$cache/package.json" ] || echo '{"name":"patracker-cms-test","private":true}' >"$cache/package.json"
  ( cd "$cache" && npm install --no-audit --no-fund --loglevel=error \
      "decap-cms@$DECAP_CMS" "decap-server@$DECAP_SERVER" >/dev/null )
  touch "$stamp"
fi
echo "$cache/node_modules"
