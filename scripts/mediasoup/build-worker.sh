#!/usr/bin/env bash
# Build the mediasoup worker from source on Debian without internet access
# (only the npm registry and the Debian apt mirrors are needed).
#
# Usage: build-worker.sh OUTPUT_PATH
#   MEDIASOUP_VERSION      mediasoup version to build (required)
#   HOPSO_CACHE_DIR        where the static OpenSSL and libsrtp builds are cached
#                          (default ~/.cache/hopso)
#   MEDIASOUP_PACKAGE_TGZ  an already downloaded `npm pack` tarball (optional)
#   HOPSO_BUILD_JOBS       parallel jobs (default 2)
#   HOPSO_KEEP_BUILD_DIR=1 keep the temporary build directory
#
# Normally called by ensure-worker.sh, which caches the result. See README.md
# for why the worker is built this way.
set -euo pipefail

log() { printf '[mediasoup] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $# -eq 1 ]] || die "usage: $0 OUTPUT_PATH"
OUT=$1

VERSION=${MEDIASOUP_VERSION:?MEDIASOUP_VERSION must be set}
CACHE_DIR=${HOPSO_CACHE_DIR:-$HOME/.cache/hopso}
JOBS=${HOPSO_BUILD_JOBS:-2}
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Subshell: os-release defines VERSION, which would clobber ours.
# shellcheck disable=SC1091
read -r OS_ID DEBIAN_MAJOR CODENAME < <(. /etc/os-release &&
	echo "${ID:-unknown} ${VERSION_ID%%.*} ${VERSION_CODENAME:-}") || true
[[ ${OS_ID:-} == debian && -n ${DEBIAN_MAJOR:-} && -n ${CODENAME:-} ]] ||
	die "this build recipe targets Debian stable releases (found ${OS_ID:-unknown} ${DEBIAN_MAJOR:-})"
ARCH=$(uname -m)

PATCH_FILE=$SCRIPT_DIR/mediasoup-$VERSION-debian$DEBIAN_MAJOR.patch
[[ -f $PATCH_FILE ]] ||
	die "no patch for mediasoup $VERSION on Debian $DEBIAN_MAJOR ($PATCH_FILE); port the previous one"

SUDO=()
if [[ $EUID -ne 0 ]]; then
	command -v sudo >/dev/null || die "root (or sudo) is needed to install apt packages"
	SUDO=(sudo)
fi

# --- apt packages -----------------------------------------------------------
# Debian's own libraries replace the meson subprojects, which would otherwise
# be downloaded from GitHub/wrapdb at configure time.
APT_PACKAGES=(
	meson ninja-build g++ make perl patch xz-utils pkg-config
	libuv1-dev libabsl-dev
	libflatbuffers-dev flatbuffers-compiler
)
APT_UPDATED=0
apt_update() {
	if [[ $APT_UPDATED -eq 0 ]]; then
		log "apt-get update"
		"${SUDO[@]}" apt-get update -qq >&2
		APT_UPDATED=1
	fi
}

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
	dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [[ ${#missing[@]} -gt 0 ]]; then
	apt_update
	log "installing: ${missing[*]}"
	# Via env: sudo resets the environment, and apt must never prompt here.
	"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# --- work dir -----------------------------------------------------------------
mkdir -p "$CACHE_DIR"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hopso-mediasoup-build.XXXXXX")
cleanup() {
	local rc=$?
	if [[ $rc -ne 0 || ${HOPSO_KEEP_BUILD_DIR:-0} == 1 ]]; then
		log "build directory kept: $WORK"
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT

# --- OpenSSL (upstream, static) ---------------------------------------------
# Linked against Debian's libssl3 the worker crashes (SIGSEGV in SSL_read) on
# the first DTLS handshake from Chromium; upstream OpenSSL built from the
# pristine .orig tarball of Debian's source package works. It is slow to build,
# so the installed prefix is cached and shared by all worker builds.

# Sources come from Debian only: the pristine upstream tarball (.orig) of a
# Debian source package, fetched with apt and checked against its SHA256.
# OpenSSL comes from this release's security suite; libsrtp from the next
# release (SOURCE_SUITE_NEWER), whose source packages the same mirror serves.
SOURCE_SUITE_NEWER=${HOPSO_NEWER_SOURCE_SUITE:-trixie}

# Adds a deb-src entry for suite $2 on the mirror apt already uses for suite $1.
ensure_deb_src() {
	local mirror_suite=$1 suite=$2
	local list=/etc/apt/sources.list.d/hopso-deb-src-$suite.sources
	local targets
	# shellcheck disable=SC2016 # $(...) is apt's format syntax, not bash's
	targets=$(apt-get indextargets --no-release-info --format '$(TARGET_OF) $(BASE_URI)' 2>/dev/null || true)
	grep -q "^deb-src .*/dists/$suite/\$" <<<"$targets" && return 0

	local uri='' signed_by=''
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[[ -f $f ]] || continue
		read -r uri signed_by < <(awk -v suite="$mirror_suite" '
			BEGIN { RS = ""; FS = "\n" }
			{
				t = u = s = k = ""
				for (i = 1; i <= NF; i++) {
					if ($i ~ /^Types:/)     t = $i
					if ($i ~ /^URIs:/)      { u = $i; sub(/^URIs:[ \t]*/, "", u); sub(/[ \t].*/, "", u) }
					if ($i ~ /^Suites:/)    s = " " $i " "
					if ($i ~ /^Signed-By:/) { k = $i; sub(/^Signed-By:[ \t]*/, "", k) }
				}
				if (t ~ /[ \t]deb([ \t]|$)/ && s ~ "[ \t]" suite "[ \t]" && u != "") {
					print u, k; exit
				}
			}' "$f") || true
		[[ -n $uri ]] && break
	done
	if [[ -z $uri && -f /etc/apt/sources.list ]]; then
		uri=$(awk -v suite="$mirror_suite" '
			$1 == "deb" { for (i = 2; i <= NF; i++) if ($i == suite) { print $(i - 1); exit } }
		' /etc/apt/sources.list)
	fi
	[[ -n $uri ]] || die "cannot find the apt mirror used for $mirror_suite in /etc/apt/sources.list*"

	log "adding deb-src for $suite ($uri) in $list"
	{
		echo "# Added by hopso scripts/mediasoup/build-worker.sh to fetch library sources."
		echo "Types: deb-src"
		echo "URIs: $uri"
		echo "Suites: $suite"
		echo "Components: main"
		if [[ -n $signed_by ]]; then echo "Signed-By: $signed_by"; fi
	} | "${SUDO[@]}" tee "$list" >/dev/null
	APT_UPDATED=0
}

# fetch_orig PACKAGE SUITE: downloads the .orig tarball of Debian's source
# package PACKAGE from SUITE into the work dir and sets ORIG to its path.
# Only that file is fetched (some mirrors serve only it; Debian's patches are
# not wanted: the point is the upstream library).
ORIG=
fetch_orig() {
	local pkg=$1 suite=$2
	local uris line url name hash
	uris=$(apt-get source --print-uris -qq "$pkg/$suite") || die "apt-get source --print-uris $pkg/$suite failed"
	line=$(grep -E "^'[^']+' ${pkg}_[^ ]+\.orig\.tar\.(gz|xz) [0-9]+ SHA256:" <<<"$uris" | head -n1) ||
		die "no $pkg .orig tarball in Debian's source package ($suite)"
	read -r url name _ hash <<<"$line"
	url=${url//\'/}

	local src=$WORK/$pkg-src
	mkdir -p "$src"
	# apt-helper downloads as the unprivileged _apt user when run as root; let
	# it reach the (private) work dir instead of warning and running as root.
	if [[ $EUID -eq 0 ]] && id _apt >/dev/null 2>&1; then
		chmod 711 "$WORK"
		chown _apt "$src"
	fi
	log "downloading $name"
	/usr/lib/apt/apt-helper -qq download-file "$url" "$src/$name" "$hash" >&2 ||
		die "download of $url failed"
	ORIG=$src/$name
}

# unpack ARCHIVE: extracts into the work dir and sets UNPACKED to its top dir.
UNPACKED=
unpack() {
	local top
	top=$(tar taf "$1" | head -n1) || true
	top=${top%%/*}
	[[ -n $top ]] || die "cannot read $1"
	tar xaf "$1" -C "$WORK"
	UNPACKED=$WORK/$top
}

build_openssl() {
	ensure_deb_src "$CODENAME-security" "$CODENAME-security"
	apt_update
	fetch_orig openssl "$CODENAME-security"
	local orig=$ORIG name
	name=$(basename "$orig")

	local ver=${name#openssl_}
	ver=${ver%.orig.tar.gz}

	local prefix=$CACHE_DIR/openssl-$ver-debian$DEBIAN_MAJOR-$ARCH
	local target=()
	case $ARCH in
		x86_64) target=(linux-x86_64) ;;
		aarch64) target=(linux-aarch64) ;;
	esac

	log "building OpenSSL $ver (static) into $prefix"
	unpack "$orig"
	local dir=$UNPACKED
	(
		cd "$dir"
		./Configure "${target[@]}" no-shared no-tests \
			--prefix="$prefix" --libdir=lib >"$WORK/openssl-configure.log" 2>&1
		make -j"$JOBS" build_libs >"$WORK/openssl-build.log" 2>&1
	) || die "OpenSSL build failed, see $WORK/openssl-*.log"
	# Stage next to the final place, then rename: an interrupted run never
	# leaves a half-installed prefix in the cache.
	local stage=$CACHE_DIR/.openssl-stage.$$
	rm -rf "$stage"
	make -C "$dir" DESTDIR="$stage" install_dev >"$WORK/openssl-install.log" 2>&1 ||
		die "OpenSSL install failed, see $WORK/openssl-install.log"
	rm -rf "$prefix"
	mv "$stage$prefix" "$prefix"
	rm -rf "$stage"
	OPENSSL_PREFIX=$prefix
}

OPENSSL_PREFIX=
shopt -s nullglob
cached=("$CACHE_DIR"/openssl-*-debian"$DEBIAN_MAJOR"-"$ARCH")
shopt -u nullglob
if [[ ${#cached[@]} -gt 0 ]]; then
	# Newest cached build wins; delete the directory to rebuild it.
	OPENSSL_PREFIX=$(printf '%s\n' "${cached[@]}" | sort -V | tail -n1)
	[[ -f $OPENSSL_PREFIX/lib/pkgconfig/openssl.pc && -f $OPENSSL_PREFIX/lib/libssl.a ]] ||
		OPENSSL_PREFIX=
fi
if [[ -n $OPENSSL_PREFIX ]]; then
	log "using cached OpenSSL: $OPENSSL_PREFIX"
else
	build_openssl
fi

# --- libsrtp (static, on the cached OpenSSL) ---------------------------------
# Debian's libsrtp2 uses its own AES code (no AES-NI): SRTP then saturates a
# core at about a third of the consumers plain RTP reaches. Built from the
# .orig tarball of Debian's newer source package with OpenSSL's crypto instead
# (mediasoup's libsrtp3 is in no Debian release; the patch maps its API onto
# libsrtp2's). Cached per libsrtp and OpenSSL version.
build_libsrtp() {
	ensure_deb_src "$CODENAME" "$SOURCE_SUITE_NEWER"
	apt_update
	fetch_orig libsrtp2 "$SOURCE_SUITE_NEWER"
	local name ver
	name=$(basename "$ORIG")
	ver=${name#libsrtp2_}
	ver=${ver%.orig.tar.*}
	local prefix=$CACHE_DIR/libsrtp-$ver-$(basename "$OPENSSL_PREFIX")
	log "building libsrtp $ver (static, OpenSSL crypto) into $prefix"
	unpack "$ORIG"
	local stage=$CACHE_DIR/.libsrtp-stage.$$
	rm -rf "$stage"
	PKG_CONFIG_PATH="$OPENSSL_PREFIX/lib/pkgconfig" meson setup "$WORK/libsrtp-build" "$UNPACKED" \
		--prefix="$prefix" --libdir=lib --buildtype=release -Ddefault_library=static \
		-Dcrypto-library=openssl -Dcrypto-library-kdf=disabled \
		-Dtests=disabled -Ddoc=disabled -Dpcap-tests=disabled \
		--wrap-mode=nodownload >"$WORK/libsrtp-setup.log" 2>&1 ||
		die "libsrtp configuration failed, see $WORK/libsrtp-setup.log"
	DESTDIR=$stage ninja -C "$WORK/libsrtp-build" -j"$JOBS" install >"$WORK/libsrtp-build.log" 2>&1 ||
		die "libsrtp build failed, see $WORK/libsrtp-build.log"
	rm -rf "$prefix"
	mv "$stage$prefix" "$prefix"
	rm -rf "$stage"
	LIBSRTP_PREFIX=$prefix
}

LIBSRTP_PREFIX=
shopt -s nullglob
cached=("$CACHE_DIR"/libsrtp-*-"$(basename "$OPENSSL_PREFIX")")
shopt -u nullglob
if [[ ${#cached[@]} -gt 0 ]]; then
	LIBSRTP_PREFIX=$(printf '%s\n' "${cached[@]}" | sort -V | tail -n1)
	[[ -f $LIBSRTP_PREFIX/lib/pkgconfig/libsrtp2.pc && -f $LIBSRTP_PREFIX/lib/libsrtp2.a ]] ||
		LIBSRTP_PREFIX=
fi
if [[ -n $LIBSRTP_PREFIX ]]; then
	log "using cached libsrtp: $LIBSRTP_PREFIX"
else
	build_libsrtp
fi

# --- mediasoup worker ---------------------------------------------------------
# The npm tarball contains the complete worker sources; `npm pack` fetches it
# from the registry without running mediasoup's postinstall.
TGZ=${MEDIASOUP_PACKAGE_TGZ:-}
if [[ -z $TGZ ]]; then
	log "npm pack mediasoup@$VERSION"
	(cd "$WORK" && npm pack --silent "mediasoup@$VERSION" >&2)
	TGZ=$WORK/mediasoup-$VERSION.tgz
fi
[[ -f $TGZ ]] || die "mediasoup tarball not found: $TGZ"
mkdir -p "$WORK/src"
tar xzf "$TGZ" -C "$WORK/src"
PKG_DIR=$WORK/src/package

log "applying $(basename "$PATCH_FILE")"
(cd "$PKG_DIR" && patch -p1 --batch --forward --quiet <"$PATCH_FILE" >&2)

BUILD=$WORK/build
log "meson setup"
# nodownload: fail loudly instead of hanging on a subproject download.
PKG_CONFIG_PATH="$OPENSSL_PREFIX/lib/pkgconfig:$LIBSRTP_PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
	meson setup "$BUILD" "$PKG_DIR/worker" \
	--buildtype=release -Db_ndebug=true \
	--wrap-mode=nodownload >"$WORK/meson-setup.log" 2>&1 ||
	{ tail -n 30 "$WORK/meson-setup.log" >&2; die "meson setup failed, see $WORK/meson-setup.log"; }

log "compiling mediasoup-worker with -j$JOBS (several minutes)"
start=$SECONDS
ninja -C "$BUILD" -j"$JOBS" mediasoup-worker >"$WORK/ninja-worker.log" 2>&1 ||
	{ tail -n 40 "$WORK/ninja-worker.log" >&2; die "worker build failed, see $WORK/ninja-worker.log"; }
log "compiled in $((SECONDS - start)) s"

BIN=$BUILD/mediasoup-worker
rc=0
env -i "$BIN" >/dev/null 2>&1 </dev/null || rc=$?
[[ $rc -eq 41 ]] || die "built worker failed its sanity check (exit $rc, expected 41)"
if ldd "$BIN" | grep -qE 'lib(ssl|crypto)\.so'; then
	die "built worker links a shared OpenSSL; it must be the static upstream one"
fi

mkdir -p "$(dirname "$OUT")"
cp "$BIN" "$OUT.partial.$$"
chmod 755 "$OUT.partial.$$"
mv -f "$OUT.partial.$$" "$OUT"
log "worker installed: $OUT"
