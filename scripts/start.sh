#!/usr/bin/env bash
# Starts hopso on the embedded database (./data) with demo data. Any variable in the
# README's configuration table can be set in the environment.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh start
export DEMO_DATA=${DEMO_DATA:-true}
# It serves plain http://localhost:3000; behind HTTPS leave cookies Secure (the default).
export COOKIE_SECURE=${COOKIE_SECURE:-false}
source scripts/use-node.sh
exec node server/main.ts
