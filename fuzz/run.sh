#!/usr/bin/env bash
# Fuzzes the whole pipeline (bytes -> contracts -> check -> four emitters).
#   fuzz/run.sh [SECONDS]      default 600
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On a stable toolchain,
# RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its unstable flags; no sanitizer
# (`-s none`): the code is safe Rust, and speed buys more inputs.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
corpus=corpus/pipeline
mkdir -p "$corpus"

# Seeds: every schema of every test bed alone (judged in the target's fixed
# registry), and every test bed whole (files joined by `@@@ <path>` lines).
for bed in ../schemas ../tests/keywords/contracts ../tests/hostile/contracts ../examples/*/contracts; do
    name=$(echo "$bed" | tr -c 'a-z0-9\n' '_')
    whole="$corpus/bed$name"
    : > "$whole"
    while IFS= read -r file; do
        rel="${file#"$bed"/}"
        cp "$file" "$corpus/schema$(echo "$rel$name" | tr -c 'a-z0-9\n' '_')"
        printf '@@@ %s\n' "$rel" >> "$whole"
        cat "$file" >> "$whole"
        printf '\n' >> "$whole"
    done < <(find "$bed" -name '*.json' | sort)
done

# And every saved regression (cycles through applicators among them).
for file in regressions/*; do
    [ "${file##*.}" = md ] || cp "$file" "$corpus/regression_$(basename "$file")"
done

RUSTC_BOOTSTRAP=1 cargo fuzz run -s none pipeline "$corpus" -- \
    -dict=schema.dict -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
    -max_total_time="$seconds" -print_final_stats=1
