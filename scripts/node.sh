#!/usr/bin/env bash
# Runs a script on hopso's Node.js runtime: `bash scripts/node.sh server/main.ts`.
set -euo pipefail
# shellcheck source=use-node.sh
source "$(dirname "${BASH_SOURCE[0]}")/use-node.sh"
exec node "$@"
