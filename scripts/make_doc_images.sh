#!/bin/sh
# Regenerate docs/images/: the first pages of the Word document for the example plan
# (examples/sermersooq/planer/bs.yaml) as PNG, its timeline chart and one indicator's trend chart.
#
# Word → PDF with LibreOffice (through `sektorplan render -f pdf`), PDF → PNG with pdftoppm.
# Needs, on Debian/Ubuntu: apt-get install libreoffice-writer poppler-utils fonts-crosextra-carlito
# (Carlito has Calibri's measures, so the pages break as in Word). Not part of the tests.
#
#   scripts/make_doc_images.sh            # uses .venv/bin/sektorplan
#   SEKTORPLAN=sektorplan scripts/make_doc_images.sh
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
sektorplan=${SEKTORPLAN:-$root/.venv/bin/sektorplan}
pages=${PAGES:-4}
out="$root/docs/images"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null || { echo "Fejl: $tool mangler (se øverst i $0)." >&2; exit 1; }
done

# A fixed date, so the pictures only change when the document does.
SOURCE_DATE_EPOCH=1750000000 "$sektorplan" render "$root/examples/sermersooq/planer/bs.yaml" \
    -f pdf,md -o "$tmp" >/dev/null
pdftoppm -r 80 -png -f 1 -l "$pages" "$tmp/bs.pdf" "$tmp/side"

mkdir -p "$out"
rm -f "$out"/side-*.png
n=1
for page in $(ls "$tmp"/side-*.png | sort); do
    cp "$page" "$out/side-$n.png"
    n=$((n + 1))
done
cp "$tmp/bs-tidslinje.png" "$out/tidslinje.png"
cp "$tmp/bs-indikator-bs-1.1.a.png" "$out/indikator.png"
ls "$out"
