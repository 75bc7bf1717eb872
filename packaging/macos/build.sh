#!/usr/bin/env bash
# Build Beacon for macOS: PyInstaller -> Beacon.app -> Beacon-<version>-macos-<arch>.dmg,
# then smoke-test the app inside the mounted image. Run from the repository root in a
# venv with the project and packaging/requirements.txt installed.
#
# Signing and notarization (needed for Gatekeeper outside CI) take an Apple Developer ID:
#   BEACON_CODESIGN_IDENTITY="Developer ID Application: ..." (PyInstaller signs the bundle),
#   then: xcrun notarytool submit dist/*.dmg --wait ... && xcrun stapler staple dist/*.dmg
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PY=${PYTHON:-python}
VERSION=$("$PY" -c 'import desktop; print(desktop.__version__)')
ARCH=$(uname -m)
OUT=$ROOT/dist
mkdir -p "$OUT"

"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath build/package/dist --workpath build/package/work packaging/beacon.spec
APP=build/package/dist/Beacon.app
"$APP/Contents/MacOS/beacon" --version
"$APP/Contents/MacOS/beacon" self-check

# A drag-to-install image: the app and a link to /Applications.
STAGE=$(mktemp -d)
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG=$OUT/Beacon-$VERSION-macos-$ARCH.dmg
rm -f "$DMG"
hdiutil create -volname "Beacon $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
rm -rf "$STAGE"

# Smoke test from the image, as a user would run it.
MNT=$(mktemp -d)
hdiutil attach -nobrowse -readonly -mountpoint "$MNT" "$DMG" >/dev/null
trap 'hdiutil detach "$MNT" >/dev/null || true' EXIT
"$MNT/Beacon.app/Contents/MacOS/beacon" self-check
du -sh "$APP" "$DMG"
