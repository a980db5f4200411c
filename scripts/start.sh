#!/usr/bin/env bash
# Quick start: Node 24, dependencies, a build, then Elasticsearch, Redis, every app and demo traffic.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$LINKSCOPE_ROOT"
echo "linkscope: building" >&2
npm run --silent build:all >/dev/null
exec node packages/devstack/dist/cli.js start
