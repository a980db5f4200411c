#!/usr/bin/env bash
# Runs the local stack tool (packages/devstack) with Node 24, building it first when needed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$LINKSCOPE_ROOT"
npx --no-install tsc -b packages/devstack
exec node packages/devstack/dist/cli.js "$@"
