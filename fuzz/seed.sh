#!/usr/bin/env bash
# Seeds each fuzz target's corpus (fuzz/corpus/TARGET, gitignored) from the
# repository's own fixtures and git history, so the fuzzers start from real
# Python, Rust, notebooks, configuration and git output rather than from
# nothing. Safe to rerun: seeds are named by their content's hash.
# No pipefail: `head` closing a pipe early is expected here.
set -eu
cd "$(dirname "$0")"
root=..
corpus=corpus

seed() { # seed TARGET < bytes
    local dir="$corpus/$1" tmp
    mkdir -p "$dir"
    tmp=$(mktemp)
    cat > "$tmp"
    mv "$tmp" "$dir/seed-$(sha1sum "$tmp" | cut -c1-16)"
}

# engine: the selector byte picks the kind (the KINDS table in
# fuzz_targets/engine.rs); each fixture is seeded as its own kind.
kind_of() {
    case "$1" in
        */mcp_app_settings.py|*/settings.py|*/config.py) echo 1 ;;
        */tests/*.py|*/test_*.py) echo 2 ;;
        */config.rs|*/settings.rs|*/build.rs) echo 4 ;;
        *.py) echo 0 ;;
        *.rs) echo 3 ;;
        *.ipynb) echo 5 ;;
        */.github/workflows/*|*/ci/*.yml|*/ci/*.yaml) echo 9 ;;
        *.yml|*.yaml|*.toml|*.conf|*.properties|*.tf|*.xml|*.json) echo 6 ;;
        *.js|*.ts|*.go|*.java|*.sh) echo 7 ;;
        *.example|*.template|*.sample) echo 8 ;;
        *pgpass*) echo 10 ;;
        *userlist.txt) echo 11 ;;
        *) echo 12 ;;
    esac
}
while IFS= read -r -d '' file; do
    kind=$(kind_of "$file")
    { printf "\\x$(printf %02x "$kind")"; cat "$file"; } | seed engine
    # The same text with every rule selected (selector + 13).
    { printf "\\x$(printf %02x $((kind + 13)))"; cat "$file"; } | seed engine
done < <(find "$root/fixtures" -type f ! -name '*.expect' -print0)

# config: credlint.toml (even selector) or pyproject.toml (odd).
while IFS= read -r -d '' file; do
    { printf '\x00'; cat "$file"; } | seed config
done < <(find "$root" -maxdepth 3 -path "$root/target" -prune -o -path "$root/fuzz" -prune \
    -o \( -name 'credlint.toml' -o -name '.credlint.toml' \) -print0)
{ printf '\x01'; cat "$root/Cargo.toml"; } | seed config
{ printf '\x00'; cat "$root/crates/credlint_core/src/rules/providers.toml" | sed 's/^\[\[rule\]\]/[[rules]]/' \
    | grep -v '^\(name\|description\|references\|examples\|negative_examples\|severity\) ='; } | seed config

# lsp_edits: a language byte (even: Python, odd: Rust) and a file, no edits yet.
while IFS= read -r -d '' file; do
    { printf '\x00'; cat "$file"; } | seed lsp_edits
done < <(find "$root/fixtures" -name '*.py' -print0)
while IFS= read -r -d '' file; do
    { printf '\x01'; cat "$file"; } | seed lsp_edits
done < <(find "$root/fixtures" -name '*.rs' -print0)

# git_diff and git_cat_file: this repository's own recent history.
if git -C "$root" rev-parse --verify -q HEAD~20 >/dev/null; then
    for n in 1 2 5 20; do
        git -C "$root" diff -U0 --no-color "HEAD~$n" HEAD | head -c 200000 | seed git_diff
        git -C "$root" diff --raw -z --no-abbrev "HEAD~$n" HEAD | seed git_diff
    done
    git -C "$root" ls-tree -r HEAD | awk '$2 == "blob" { print $3 }' | head -n 40 > /tmp/credlint-fuzz-oids.$$
    for n in 1 3 10 40; do
        # The selector's upper six bits give the count, the lower two the size limit.
        { printf "\\x$(printf %02x $((n * 4 + 2)))"
          head -n "$n" /tmp/credlint-fuzz-oids.$$ | git -C "$root" cat-file --batch | head -c 100000; } | seed git_cat_file
    done
    rm -f /tmp/credlint-fuzz-oids.$$
fi
for target in "$corpus"/*; do
    echo "$(basename "$target"): $(ls "$target" | wc -l) seeds"
done
