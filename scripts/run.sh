#!/usr/bin/env bash
# Runs a command with Node 24 and installed dependencies: scripts/run.sh <command> [args...]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$LINKSCOPE_ROOT"
exec "$@"
