# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by scripts/demo and scripts/check: install what is missing, build.
# Source it; it defines functions only.

# Debian packages wbgkit needs to build and test, one line per area so that
# each area's work adds its own without touching the others.
WBG_PKGS_BUILD="gcc make libc6-dev binutils autoconf automake libtool pkg-config"
WBG_PKGS_CORE="libusb-1.0-0-dev libgsl-dev libxml2-dev libcmocka-dev"
WBG_PKGS_INSTRUMENTS="umockdev libumockdev-dev"
WBG_PKGS_VIRTUAL_BENCH=""
WBG_PKGS_STANDARDS="libjansson-dev"
WBG_PKGS_ANALYSIS="libcerf-dev"
WBG_PKGS_STORE_REPORT="libsqlite3-dev nettle-dev libplplot-dev"
WBG_DEBIAN_PACKAGES="$WBG_PKGS_BUILD $WBG_PKGS_CORE $WBG_PKGS_INSTRUMENTS $WBG_PKGS_VIRTUAL_BENCH \
$WBG_PKGS_STANDARDS $WBG_PKGS_ANALYSIS $WBG_PKGS_STORE_REPORT"

wbg_say() { printf '%s\n' "$*" >&2; }

# Install the Debian packages that are missing: with apt-get as root, with
# `sudo -n` when that works without a password, otherwise tell the user.
wbg_install_deps() {
	missing=""
	for p in $WBG_DEBIAN_PACKAGES; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
			missing="$missing $p"
		fi
	done
	[ -z "$missing" ] && return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		wbg_say "wbgkit needs these Debian packages, and this system has no apt-get:$missing"
		wbg_say "Install their equivalents with your package manager, then run this again."
		return 2
	fi
	if [ "$(id -u)" -eq 0 ]; then
		sudo_cmd=""
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo_cmd="sudo -n"
	else
		wbg_say "wbgkit needs these Debian packages, which are not installed:"
		wbg_say "   $missing"
		wbg_say "Install them as root, then run this again:"
		wbg_say "   sudo apt-get install$missing"
		return 2
	fi
	wbg_say "Installing missing Debian packages:$missing"
	# A fresh machine has empty package lists; refresh them once.
	$sudo_cmd apt-get update -qq >&2 || { wbg_say "apt-get update failed (network?)"; return 2; }
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends $missing >&2 ||
		{ wbg_say "apt-get install failed for:$missing"; return 2; }
}

# wbg_build DIR [configure options...]: configure once, then make (incremental).
wbg_build() {
	dir=$1
	shift
	top=$(cd "$(dirname "$0")/.." && pwd)
	if [ ! -x "$top/configure" ]; then
		wbg_say "Generating configure (autogen.sh)..."
		(cd "$top" && ./autogen.sh) >"$top/autogen.log" 2>&1 ||
			{ cat "$top/autogen.log" >&2; wbg_say "autogen.sh failed"; return 2; }
	fi
	mkdir -p "$top/$dir"
	if [ ! -f "$top/$dir/Makefile" ]; then
		wbg_say "Configuring $dir..."
		(cd "$top/$dir" && "$top/configure" --quiet "$@") >&2 ||
			{ wbg_say "configure failed in $dir; see $top/$dir/config.log"; return 2; }
	fi
	wbg_say "Building $dir..."
	make -C "$top/$dir" -j"$(nproc)" >"$top/$dir/build.log" 2>&1 ||
		{ tail -n 40 "$top/$dir/build.log" >&2; wbg_say "build failed; full log: $top/$dir/build.log"; return 2; }
}
