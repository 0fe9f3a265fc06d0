#!/usr/bin/env bash
# Prepares a checkout to run: system packages, the mediasoup worker, npm packages,
# the built client. Idempotent and quick when nothing changed.
#   scripts/setup.sh start   what the product needs
#   scripts/setup.sh test    that plus what the tests need (Chromium, pdftotext, PostgreSQL)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
purpose=${1:-start}

log() { printf '[setup] %s\n' "$*" >&2; }

# The pinned Node.js runtime (the system's when it is recent enough), first on PATH.
# shellcheck source=use-node.sh
source scripts/use-node.sh
log "Node.js $(node --version)"

# System packages: fonts for the PDF documents always (Liberation 2 has every Vietnamese letter; 1.x lacks Ơ, Ư and stacked marks); a browser, poppler and the network tools of the multi-host tests (ip, nft) for tests,
# and what the HTTPS and TURN tests run on their test hosts: nginx and coturn as a server installs them, certutil for the browser's trust store.
packages=(fonts-liberation2)
servers=(nginx coturn)
[[ $purpose == test ]] && packages+=(chromium poppler-utils nftables iproute2 libnss3-tools "${servers[@]}")
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if (( ${#missing[@]} > 0 )); then
  log "installing ${missing[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  # The tests start their own nginx and coturn; the services Debian enables would hold ports 80 and 3478 of this machine.
  if [[ $purpose == test ]] && command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
    for s in "${servers[@]}"; do
      [[ " ${missing[*]} " == *" $s "* ]] && systemctl disable --now "$s" >&2 || true
    done
  fi
fi

# The mediasoup worker: cached outside node_modules; built from source only once.
worker=$(bash scripts/mediasoup/ensure-worker.sh)
export MEDIASOUP_WORKER_BIN=$worker

# npm packages, reinstalled only when package-lock.json or the runtime's major version changed.
stamp=node_modules/.hopso-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1) node$(node -p 'process.versions.modules')"
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  log "npm ci"
  npm ci --no-audit --no-fund >&2
  echo "$want" >"$stamp"
fi
# mediasoup looks for its worker here when MEDIASOUP_WORKER_BIN is not set.
release=node_modules/mediasoup/worker/out/Release
if ! cmp -s "$worker" "$release/mediasoup-worker" 2>/dev/null; then
  mkdir -p "$release"
  cp "$worker" "$release/mediasoup-worker"
fi

log "building the client"
npx vite build client --logLevel warn >&2
log "ready"
