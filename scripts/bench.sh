#!/usr/bin/env bash
# Runs benchmarks with Node 24 after a build: scripts/bench.sh [name ...] (default: every bench/*/run.mjs).
# Each starts what it needs (Elasticsearch, Redis, apps) and ends with one JSON line per headline figure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$LINKSCOPE_ROOT"
npx --no-install tsc -b tsconfig.json
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for dir in bench/*/; do [ -f "$dir/run.mjs" ] && names+=("$(basename "$dir")"); done
fi
for name in "${names[@]}"; do
  [ -f "bench/$name/run.mjs" ] || { echo "linkscope: no benchmark named $name (bench/$name/run.mjs)" >&2; exit 1; }
  echo "=== bench:$name"
  node "bench/$name/run.mjs"
done
