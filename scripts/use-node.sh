# Sourced by every script: puts the pinned Node.js runtime (scripts/node/ensure-node.sh) first
# on PATH, so node, npm and npx all run on it.
hopso_node_bin=$(bash "$(dirname "${BASH_SOURCE[0]}")/node/ensure-node.sh")
export PATH="$hopso_node_bin:$PATH"
# Native addons compile against this runtime's headers, not the system's.
export npm_config_nodedir
npm_config_nodedir=$(dirname "$hopso_node_bin")
unset hopso_node_bin
