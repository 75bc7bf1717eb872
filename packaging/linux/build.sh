#!/usr/bin/env bash
# Build Beacon for Linux and smoke-test what was built:
#   dist/beacon-<version>-linux-<machine>.tar.gz   run in place, or ./install.sh into ~/.local
#   dist/beacon_<version>_<arch>.deb                /opt/beacon, /usr/bin links, menu entry, icons
# then runs the frozen binaries with an empty environment: --version, and `beacon self-check`
# (temporary encrypted profile, relay on 127.0.0.1, Qt offscreen), on the unpacked tarball and
# on the unpacked .deb. Prints the sizes.
#
#   packaging/linux/build.sh            # uses .venv/bin/python (make package sets it up)
#   PYTHON=/path/to/python OUT=dist packaging/linux/build.sh
#
# Needs: PyInstaller in that Python (packaging/requirements.txt), dpkg-deb and
# dpkg-shlibdeps (Debian: dpkg-dev), desktop-file-validate (desktop-file-utils).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
OUT=${OUT:-$ROOT/dist}
WORK=$ROOT/build/package
APP_ID=io.beacon.Beacon
cd "$ROOT"

VERSION=$("$PY" -c 'import desktop; print(desktop.__version__)')
MACHINE=$(uname -m)
ARCH=$(dpkg --print-architecture 2>/dev/null || echo "$MACHINE")
NAME=beacon-$VERSION-linux-$MACHINE
say() { printf '\n== %s\n' "$*"; }

say "PyInstaller ($("$PY" -m PyInstaller --version))"
rm -rf "$WORK/dist" "$WORK/stage"
mkdir -p "$WORK" "$OUT"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$WORK/dist" --workpath "$WORK/work" packaging/beacon.spec
APP=$WORK/dist/beacon

# A clean environment: no venv, no PYTHONPATH, a fresh HOME, no display.
smoke() {
  local dir=$1 home
  home=$(mktemp -d)
  run() { env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 TMPDIR="$home" "$@"; }
  (cd / && run "$dir/beacon" --version)
  (cd / && run "$dir/beacon-gui" --version)
  (cd / && run "$dir/beacon" self-check)
  # No display: one clear line and exit 1, not Qt's abort.
  local msg rc=0
  msg=$(cd / && run "$dir/beacon-gui" 2>&1) || rc=$?
  [ "$rc" = 1 ] && grep -q "no graphical display" <<<"$msg" || { echo "no-display message wrong (exit $rc): $msg"; return 1; }
  echo "no display: $msg"
  rm -rf "$home"
}

stage_share() {  # $1 = prefix/share
  local share=$1
  install -Dm644 resources/linux/$APP_ID.desktop "$share/applications/$APP_ID.desktop"
  install -Dm644 resources/linux/$APP_ID.metainfo.xml "$share/metainfo/$APP_ID.metainfo.xml"
  mkdir -p "$share/icons"
  cp -r resources/icons/hicolor "$share/icons/"
}

say "tarball $NAME.tar.gz"
T=$WORK/stage/$NAME
mkdir -p "$T"
cp -a "$APP/." "$T/"
stage_share "$T/share"
install -m755 packaging/linux/install.sh "$T/install.sh"
install -m644 packaging/linux/README-linux.txt "$T/README.txt"
desktop-file-validate "$T/share/applications/$APP_ID.desktop"
tar -C "$WORK/stage" --owner=0 --group=0 --numeric-owner -czf "$OUT/$NAME.tar.gz" "$NAME"

say "deb beacon_${VERSION}_$ARCH.deb"
D=$WORK/stage/deb
mkdir -p "$D/opt/beacon" "$D/usr/bin" "$D/DEBIAN" "$D/usr/share/doc/beacon"
cp -a "$APP/." "$D/opt/beacon/"
ln -s ../../opt/beacon/beacon "$D/usr/bin/beacon"
ln -s ../../opt/beacon/beacon-gui "$D/usr/bin/beacon-gui"
stage_share "$D/usr/share"
install -m644 packaging/linux/copyright "$D/usr/share/doc/beacon/copyright"
# System libraries the bundle leaves to the system (see SYSTEM_LIBS in beacon.spec), with
# versions from the build machine's symbols files.
mkdir -p "$WORK/shlibs/debian"
printf 'Source: beacon\n\nPackage: beacon\nArchitecture: any\n' >"$WORK/shlibs/debian/control"
# (Not the Wayland EGL plugin: its libwayland-egl1 is named below, so the build machine needs no Wayland.)
mapfile -t ELVES < <(find "$D/opt/beacon" -type f \( -name '*.so*' -o -perm -u+x \) \
  ! -name 'libqt-plugin-wayland-egl.so' -exec sh -c 'head -c4 "$1" | grep -q "ELF" && echo "$1"' _ {} \;)
LIBDIRS=$(find "$D/opt/beacon/_internal" -name '*.so*' -printf '%h\n' | sort -u | sed 's/^/-l/' | tr '\n' ' ')
# shellcheck disable=SC2086
DEPENDS=$(cd "$WORK/shlibs" && dpkg-shlibdeps -O --ignore-missing-info --warnings=0 $LIBDIRS "${ELVES[@]}" 2>/dev/null \
  | sed -n 's/^shlibs:Depends=//p')
# Loaded at run time, not linked: Qt's xcb plugin needs the cursor library; fonts for CJK text.
DEPENDS=$(printf '%s\n' "$DEPENDS" libxcb-cursor0 libegl1 libwayland-egl1 "fonts-noto-cjk | fonts-wqy-microhei" \
  | tr ',' '\n' | sed 's/^ *//; /^$/d' | awk '!seen[$1]++' | paste -sd, - | sed 's/,/, /g')
SIZE_KB=$(du -sk "$D/opt" "$D/usr" | awk '{s+=$1} END {print s}')
cat >"$D/DEBIAN/control" <<EOF
Package: beacon
Version: $VERSION
Architecture: $ARCH
Maintainer: The Beacon developers <beacon@localhost>
Installed-Size: $SIZE_KB
Depends: $DEPENDS
Recommends: gnome-keyring | kwalletmanager | keepassxc
Section: net
Priority: optional
Description: offline-first team chat with an encrypted local cache
 Beacon is a desktop client for working teams: channels, direct messages and
 threads. Everything you may see is kept in a local SQLCipher cache, so it
 opens, reads, searches and lets you write with no network at all.
EOF
dpkg-deb --root-owner-group -Zxz --build "$D" "$OUT/beacon_${VERSION}_$ARCH.deb" >/dev/null

say "smoke test: unpacked tarball"
U=$(mktemp -d)
tar -C "$U" -xzf "$OUT/$NAME.tar.gz"
smoke "$U/$NAME"
say "smoke test: unpacked .deb, through the /usr/bin links"
dpkg-deb -x "$OUT/beacon_${VERSION}_$ARCH.deb" "$U/root"
smoke "$U/root/usr/bin"
rm -rf "$U"

say "sizes"
du -sh "$APP" | sed 's/\t.*/  app folder (unpacked)/'
ls -l "$OUT/$NAME.tar.gz" "$OUT/beacon_${VERSION}_$ARCH.deb" | awk '{printf "%.1fM  %s\n", $5/1048576, $NF}'
echo "Depends: $DEPENDS"
