#!/bin/sh
# Seeds fuzz/corpus/<target>/ from the repository's pages and YAML specs (run from anywhere).
#   markdown_page, scraped_page: every page (.md, .txt) under specs/ and tests/corpus/, and the
#       pages inside tests/diagnostics/*.specs bundles (each target shapes its input to its
#       layout, so both get every page);
#   yaml_spec: every .yaml under specs/ and tests/adversarial/specs/, the YAML files inside
#       the .specs bundles, and each page imported to YAML (`cloudpage-codegen import PAGE`).
# Files are named by content hash, like libFuzzer's own, so re-running only adds.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
corpus="$root/fuzz/corpus"
mkdir -p "$corpus/markdown_page" "$corpus/scraped_page" "$corpus/yaml_spec"

add() { # add TARGET FILE
    h=$(sha1sum "$2" | cut -d' ' -f1)
    cp "$2" "$corpus/$1/$h"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Split the .specs bundles (`=== path` lines) into files.
for bundle in "$root"/tests/diagnostics/*.specs; do
    name=$(basename "$bundle" .specs)
    mkdir -p "$tmp/$name"
    awk -v dir="$tmp/$name" '
        /^=== / { p = substr($0, 5); gsub(/\//, "__", p); out = dir "/" p; next }
        out != "" { print > out }
    ' "$bundle"
done

pages=$(find "$root/specs" "$root/tests/corpus" "$tmp" -type f \( -name '*.md' -o -name '*.txt' \) ! -name README.md | sort)
for page in $pages; do
    add markdown_page "$page"
    add scraped_page "$page"
done

for spec in $(find "$root/specs" "$root/tests/adversarial/specs" "$tmp" -type f \( -name '*.yaml' -o -name '*.yml' \) | sort); do
    add yaml_spec "$spec"
done

cli="${CARGO_TARGET_DIR:-$root/target}/debug/cloudpage-codegen"
if [ ! -x "$cli" ]; then
    (cd "$root" && cargo build -q -p cloudpage-codegen-cli)
fi
for page in $pages; do
    out="$tmp/imported.yaml"
    if "$cli" import "$page" > "$out" 2>/dev/null && [ -s "$out" ]; then
        add yaml_spec "$out"
    fi
done

for t in markdown_page scraped_page yaml_spec; do
    echo "$t: $(ls "$corpus/$t" | wc -l) seeds"
done
