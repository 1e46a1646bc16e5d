#!/usr/bin/env bash
# Rebuild the subset web fonts in static/fonts/ from the Fontsource npm packages.
# One-off build tool (needs npm and fonttools+brotli in the venv); not a runtime need.
#   bash bench/build_fonts.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent @fontsource/noto-naskh-arabic@5.3.0 @fontsource/noto-kufi-arabic@5.3.0 >/dev/null
for f in *.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
# Arabic letters, harakat, Arabic-Indic digits, Arabic punctuation, tatweel, joiners,
# common Latin punctuation and quotes used in Arabic copy. Latin letters and ASCII
# digits fall back to the system font.
UNICODES="U+0020-002F,U+003A-0040,U+005B-0060,U+007B-007E,U+00A0,U+00AB,U+00BB,U+060C,U+061B,U+061F,U+0621-063A,U+0640-0652,U+0660-066C,U+0670,U+200C-200F,U+2010-2014,U+2018-201D,U+2026"
subset() {  # $1 = source woff2, $2 = output name
  "$ROOT/.venv/bin/pyftsubset" "$1" --unicodes="$UNICODES" --flavor=woff2 \
    --layout-features='init,medi,fina,isol,rlig,liga,calt,ccmp,mark,mkmk,kern,locl' \
    --no-hinting --desubroutinize --name-IDs='1,2' --output-file="$ROOT/static/fonts/$2"
}
subset fontsource-noto-naskh-arabic-5.3.0/package/files/noto-naskh-arabic-arabic-400-normal.woff2 naskh-400.woff2
subset fontsource-noto-kufi-arabic-5.3.0/package/files/noto-kufi-arabic-arabic-700-normal.woff2 kufi-700.woff2
cp fontsource-noto-naskh-arabic-5.3.0/package/LICENSE "$ROOT/static/fonts/OFL.txt"
ls -l "$ROOT/static/fonts/"
