#!/usr/bin/env bash
# The action runs on node24; the machines here run Node 20. Put a Node 24 binary in .tools/
# (from the npm registry's `node` package) so the bundle tests can run on it too.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.tools/node_modules/node/bin/node
if [ -x "$bin" ] && "$bin" --version | grep -q '^v24\.'; then exit 0; fi
npm install --prefix .tools --no-save --no-audit --no-fund --no-package-lock node@24 >/dev/null
"$bin" --version
