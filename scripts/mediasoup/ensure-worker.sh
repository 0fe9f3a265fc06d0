#!/usr/bin/env bash
# Prints the absolute path of a working mediasoup-worker binary (last and only
# stdout line), obtaining it at most once per mediasoup version, OS release and
# CPU architecture. Progress goes to stderr.
#
#   MEDIASOUP_VERSION   mediasoup version (default: the exact version pinned in
#                       package.json)
#   HOPSO_CACHE_DIR     cache directory (default ~/.cache/hopso)
#   MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD
#                       skip the prebuilt download, as mediasoup's postinstall
#                       does (useful on machines known to be offline)
#   MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL
#                       alternative place for prebuilt workers (as upstream)
#
# Typical use: MEDIASOUP_WORKER_BIN="$(scripts/mediasoup/ensure-worker.sh)" npm ci
set -euo pipefail

# Keep stdout for the result only: everything else (npm, apt, tar...) goes to
# stderr so that callers can use $(ensure-worker.sh).
exec 3>&1 1>&2

log() { printf '[mediasoup] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# One source of truth for the version: the exact pin in package.json.
VERSION=${MEDIASOUP_VERSION:-$(sed -n 's/^ *"mediasoup": *"\([0-9][0-9.]*\)",\{0,1\}$/\1/p' "$SCRIPT_DIR/../../package.json")}
[[ $VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "package.json must pin mediasoup to an exact version (found '${VERSION}')"
CACHE_DIR=${HOPSO_CACHE_DIR:-$HOME/.cache/hopso}
PREBUILT_TIMEOUT_S=20

# Subshell: os-release defines VERSION, which would clobber ours.
# shellcheck disable=SC1091
OS_KEY=$(. /etc/os-release && echo "${ID:-linux}${VERSION_ID:+${VERSION_ID%%.*}}")
ARCH=$(uname -m)
BIN=$CACHE_DIR/mediasoup-worker-$VERSION-$OS_KEY-$ARCH

# mediasoup's own check: run without MEDIASOUP_VERSION, the worker exits 41.
# This also catches missing shared libraries (e.g. a cache copied from elsewhere).
worker_ok() {
	[[ -f $1 && -x $1 ]] || return 1
	local rc=0
	env -i "$1" </dev/null >/dev/null 2>&1 || rc=$?
	[[ $rc -eq 41 ]]
}

result() {
	echo "$BIN" >&3
	exit 0
}

worker_ok "$BIN" && result

# Serialise concurrent callers (parallel CI jobs, several terminals): only one
# of them builds, the others wait and reuse its result.
mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/.mediasoup-worker-$VERSION-$OS_KEY-$ARCH.lock"
if ! flock -n 9; then
	log "another process is preparing the worker, waiting"
	flock 9
fi
worker_ok "$BIN" && result
[[ -e $BIN ]] && log "cached worker at $BIN does not run here, replacing it"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hopso-mediasoup.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# The package tarball has the worker sources (for the build) and the postinstall
# script (to locate the prebuilt binary); npm pack runs no package scripts.
log "npm pack mediasoup@$VERSION"
(cd "$WORK" && npm pack --silent "mediasoup@$VERSION")
TGZ=$WORK/mediasoup-$VERSION.tgz
[[ -f $TGZ ]] || die "npm pack did not produce $TGZ"
tar xzf "$TGZ" -C "$WORK" package/package.json package/npm-scripts.mjs

# Tries mediasoup's normal route first: the prebuilt worker its postinstall
# downloads. The URL is computed by the package's own code (taken from its
# npm-scripts.mjs), so it follows upstream changes; if that code changed shape,
# the download is skipped rather than guessed.
try_prebuilt() {
	if [[ -n ${MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD:-} && -z ${MEDIASOUP_FORCE_WORKER_PREBUILT_DOWNLOAD:-} ]]; then
		log "MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD set, not downloading a prebuilt worker"
		return 1
	fi
	local tar=$WORK/prebuilt.tgz
	node - "$WORK/package" "$tar" "$PREBUILT_TIMEOUT_S" <<'EOF' || return 1
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const [pkgDir, outFile, timeoutS] = process.argv.slice(2);
const log = (m) => process.stderr.write(`[mediasoup] ${m}\n`);
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
const script = fs.readFileSync(path.join(pkgDir, 'npm-scripts.mjs'), 'utf8');

const nameFn = script.match(/\nfunction getWorkerPrebuildTarName\(\) \{\n[\s\S]*?\n\}\n/);
const download = script.match(/\nasync function downloadPrebuiltWorker\(\) \{\n[\s\S]*?\n\}\n/);
const base = download && download[0].match(/const releaseBase =([\s\S]*?);\n/);
const url = download && download[0].match(/const workerPrebuildTarUrl = (`[^`]*`);/);
if (!nameFn || !base || !url) {
	log('npm-scripts.mjs no longer has the expected prebuilt download code, skipping download');
	process.exit(1);
}
// Same code as the postinstall, evaluated with the values it would see.
const workerPrebuildTar = new Function('pkg', 'os', 'logInfo',
	`${nameFn[0]}; return getWorkerPrebuildTarName();`)(pkg, os, () => {});
const releaseBase = new Function('pkg', 'process', `return (${base[1]});`)(pkg, process);
const tarUrl = new Function('pkg', 'releaseBase', 'workerPrebuildTar',
	`return ${url[1]};`)(pkg, releaseBase, workerPrebuildTar);

log(`trying prebuilt worker ${tarUrl} (timeout ${timeoutS} s)`);
fetch(tarUrl, { signal: AbortSignal.timeout(Number(timeoutS) * 1000) })
	.then(async (res) => {
		if (!res.ok) throw new Error(`HTTP ${res.status}`);
		fs.writeFileSync(outFile, Buffer.from(await res.arrayBuffer()));
	})
	.catch((err) => {
		const cause = err.cause?.code || err.cause?.message || err.message;
		log(`prebuilt worker not available: ${cause}`);
		process.exit(1);
	});
EOF
	local dir=$WORK/prebuilt
	mkdir -p "$dir"
	tar xzf "$tar" -C "$dir" || { log "prebuilt archive is not readable"; return 1; }
	if ! worker_ok "$dir/mediasoup-worker"; then
		log "prebuilt worker does not run on this host"
		return 1
	fi
	cp "$dir/mediasoup-worker" "$BIN.partial.$$"
	chmod 755 "$BIN.partial.$$"
	mv -f "$BIN.partial.$$" "$BIN"
	log "prebuilt worker installed: $BIN"
}

if ! try_prebuilt; then
	log "building mediasoup-worker $VERSION from source (about 10 min on 2 cores, once)"
	MEDIASOUP_VERSION=$VERSION HOPSO_CACHE_DIR=$CACHE_DIR MEDIASOUP_PACKAGE_TGZ=$TGZ \
		bash "$SCRIPT_DIR/build-worker.sh" "$BIN"
fi

worker_ok "$BIN" || die "no working worker at $BIN"
result
