#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs what ctop needs on Debian 12 (as root), then configures and
# builds it in place.  Safe to run again.  Extra arguments go to configure.
set -e
cd "$(dirname "$0")/.."
pkgs="build-essential autoconf automake libtool pkg-config libncurses-dev \
libproc2-dev libpfm4-dev libunwind-dev libiberty-dev liblzma-dev libcmocka-dev tmux procps binutils \
python3 strace"
missing=""
for p in $pkgs; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure "$@"
make -j"$(nproc)"
