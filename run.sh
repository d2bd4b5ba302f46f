#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Quick start on Debian 12:
#   ./run.sh        install what is missing, build, start Chapterhouse
#   ./run.sh test   install what is missing, build, run the whole test suite
#
# The packages are listed in build-aux/debian-packages.txt. The program runs
# uninstalled from build/ (its GSettings schema from build/data); its data go
# where an installed Chapterhouse keeps them ($XDG_DATA_HOME/chapterhouse).
# Extra arguments after "run" (or none) are passed to the program, e.g.
#   ./run.sh -- --help

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
build_dir="$here/build"

if [ ! -r build-aux/debian-packages.txt ]; then
  echo "run.sh: build-aux/debian-packages.txt is missing" >&2
  exit 1
fi
packages=()
while read -r line; do
  line="${line%%#*}"
  for word in $line; do
    packages+=("$word")
  done
done < build-aux/debian-packages.txt
if [ ${#packages[@]} -eq 0 ]; then
  echo "run.sh: build-aux/debian-packages.txt lists no package" >&2
  exit 1
fi

install_missing_packages () {
  local missing=() pkg status
  for pkg in "${packages[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
    if [ "$status" != "install ok installed" ]; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi

  echo "run.sh: installing ${missing[*]}" >&2
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "run.sh: these Debian packages are missing and sudo is not available:" >&2
      echo "  ${missing[*]}" >&2
      exit 1
    fi
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
}

build () {
  if [ ! -f "$build_dir/build.ninja" ]; then
    meson setup "$build_dir"
  fi
  ninja -C "$build_dir"
}

command="${1:-run}"
case "$command" in
  test)
    shift
    install_missing_packages
    build
    exec xvfb-run -a -s '-screen 0 1280x800x24' \
      meson test -C "$build_dir" --print-errorlogs --num-processes 2 "$@"
    ;;
  run|--)
    [ $# -gt 0 ] && shift
    install_missing_packages
    build
    export GSETTINGS_SCHEMA_DIR="$build_dir/data"
    # the translations built in the tree (build/po), before any install
    export CHAPTERHOUSE_LOCALEDIR="$build_dir/po"
    exec "$build_dir/src/gui/chapterhouse" "$@"
    ;;
  -h|--help|help)
    sed -n '3,13p' "$0" | sed 's/^# \{0,1\}//'
    ;;
  *)
    echo "usage: ./run.sh [run [-- ARGS…]] | ./run.sh test [MESON TEST ARGS…]" >&2
    exit 2
    ;;
esac
