#!/bin/sh
# Rebuild site_templates/assets/forms/ajv2020.min.js: ajv (draft 2020-12) as one static
# file, bundled by esbuild from pinned npm versions. Run by hand when upgrading ajv;
# the built file is committed, so CI and offices never need npm.
set -eu
AJV=8.20.0
ESBUILD=0.28.2
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/site_templates/assets/forms"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --save-exact "ajv@$AJV" "esbuild@$ESBUILD" >/dev/null
cat > entry.js <<'JS'
import Ajv2020 from "ajv/dist/2020";
window.Ajv2020 = Ajv2020;
JS
npx esbuild entry.js --bundle --minify --format=iife --target=es2019 \
  --legal-comments=none --outfile="$out/ajv2020.min.js"
{
  echo "ajv $AJV (https://github.com/ajv-validator/ajv), bundled by scripts/vendor-ajv.sh"
  echo "with esbuild $ESBUILD. Bundled dependencies and their licenses follow."
  for pkg in ajv fast-deep-equal json-schema-traverse fast-uri require-from-string; do
    if [ -d "node_modules/$pkg" ]; then
      version=$(node -p "require('./node_modules/$pkg/package.json').version")
      echo; echo "=== $pkg $version ==="
      cat node_modules/$pkg/LICENSE* 2>/dev/null || node -p "require('./node_modules/$pkg/package.json').license"
    fi
  done
} > "$out/ajv2020.LICENSE.txt"
ls -l "$out/ajv2020.min.js"
