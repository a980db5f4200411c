#!/usr/bin/env bash
# The whole test suite: build, lint, typecheck, unit, integration (real Elasticsearch and Redis)
# and end-to-end (Playwright driving Debian's Chromium against the running stack).
# Installs what it needs (Node 24, dependencies, Elasticsearch, Redis, Chromium) on its own.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh" || exit 1
cd "$LINKSCOPE_ROOT"
export NX_DAEMON=false NX_NO_CLOUD=true
results="$LINKSCOPE_ROOT/test-results"
rm -rf "$results" && mkdir -p "$results"
failed_steps=()

step() {
  local name="$1"; shift
  echo
  echo "=== $name"
  local started=$SECONDS
  if "$@"; then
    echo "=== $name: ok ($((SECONDS - started))s)"
  else
    echo "=== $name: FAILED ($((SECONDS - started))s)"
    failed_steps+=("$name")
  fi
}

step build npm run --silent build:all || true
if [ ${#failed_steps[@]} -gt 0 ]; then echo "build failed: nothing else can run"; exit 1; fi

# Infra this run starts is stopped again at the end; infra that was already up is left alone.
infra_was_up=no
node packages/devstack/dist/cli.js infra status 2>/dev/null | grep -q '^elasticsearch  up' && infra_was_up=yes
cleanup() {
  if [ "$infra_was_up" = no ]; then node packages/devstack/dist/cli.js infra down >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

step lint npm run --silent lint
step typecheck bash -c 'npx --no-install tsc -p tsconfig.spec.json && npm run --silent typecheck -w @linkscope/dashboard'
step unit npx --no-install vitest run --project unit --reporter=default --reporter=json --outputFile.json="$results/unit.json"
step infra node packages/devstack/dist/cli.js infra up
step integration npx --no-install vitest run --project integration --reporter=default --reporter=json --outputFile.json="$results/integration.json"
step e2e npx --no-install playwright test -c apps/e2e/playwright.config.ts

node scripts/test-summary.mjs "$results" "${failed_steps[@]}"
