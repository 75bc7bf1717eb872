#!/bin/sh
# Install (or --uninstall) this Beacon folder for the current user, under ~/.local.
# Nothing here needs root; your profile and logs are never touched.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
BIN=$HOME/.local/bin
DEST=$HOME/.local/lib/beacon
APP_ID=io.beacon.Beacon

refresh() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -qtf "$DATA/icons/hicolor" 2>/dev/null || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$DEST"
  rm -f "$BIN/beacon" "$BIN/beacon-gui" "$DATA/applications/$APP_ID.desktop" "$DATA/metainfo/$APP_ID.metainfo.xml"
  find "$DATA/icons/hicolor" -name "$APP_ID.*" -delete 2>/dev/null || true
  refresh
  echo "Beacon removed. Your profile (~/.local/share/Beacon) and logs were kept."
  exit 0
fi

mkdir -p "$DEST" "$BIN" "$DATA/applications" "$DATA/metainfo" "$DATA/icons"
rm -rf "$DEST.new"
mkdir -p "$DEST.new"
cp -a "$HERE/beacon" "$HERE/beacon-gui" "$HERE/_internal" "$DEST.new/"
rm -rf "$DEST" && mv "$DEST.new" "$DEST"
ln -sf "$DEST/beacon" "$BIN/beacon"
ln -sf "$DEST/beacon-gui" "$BIN/beacon-gui"
# The menu entry names the program by its full path: ~/.local/bin is not on every PATH.
sed -e "s|^Exec=beacon-gui|Exec=$DEST/beacon-gui|" -e "s|^TryExec=beacon-gui|TryExec=$DEST/beacon-gui|" \
  "$HERE/share/applications/$APP_ID.desktop" >"$DATA/applications/$APP_ID.desktop"
cp "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$DATA/metainfo/"
cp -r "$HERE/share/icons/hicolor" "$DATA/icons/"
refresh
echo "Beacon installed: menu entry 'Beacon', or run $BIN/beacon-gui"
