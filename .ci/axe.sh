#!/usr/bin/env bash
# Installs axe-core (the accessibility rules engine, from the npm registry) for the dashboard's browser tests
# into .ci/node/ (git-ignored): the tests inject .ci/node/node_modules/axe-core/axe.min.js into every page
# (IJW_AXE_JS overrides the path). Idempotent: does nothing when it is there. Needs node and npm.
set -euo pipefail
cd "$(dirname "$0")"
VERSION="4.14.1"
target="node/node_modules/axe-core/axe.min.js"
if [ -f "$target" ] && grep -q "\"version\": \"$VERSION\"" node/node_modules/axe-core/package.json; then
  echo "axe.sh: axe-core $VERSION present" >&2
  exit 0
fi
command -v npm >/dev/null || { echo "axe.sh: npm is missing (apt-get install npm)" >&2; exit 1; }
mkdir -p node
npm install --prefix node --no-audit --no-fund --loglevel=error "axe-core@$VERSION" </dev/null >&2
test -f "$target"
echo "axe.sh: axe-core $VERSION installed in .ci/$target" >&2
