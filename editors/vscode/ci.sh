#!/usr/bin/env bash
# CI for the VS Code extension: clean install from package-lock.json, type
# check and compile, lint, then package a .vsix into a temporary folder and
# check what went into it. Non-interactive; leaves only node_modules/ and
# out/ behind (both ignored by git).
set -euo pipefail
cd "$(dirname "$0")"

echo "== vscode: npm ci"
npm ci --no-audit --no-fund

echo "== vscode: compile"
npm run compile

echo "== vscode: lint"
npm run lint

echo "== vscode: package"
out_dir="$(mktemp -d)"
trap 'rm -rf "$out_dir"' EXIT
vsix="$out_dir/credlint.vsix"
# --allow-missing-repository: no prompt about the missing `repository` field.
# LICENSE is present, so vsce does not ask about that either.
npx --no-install vsce package --allow-missing-repository --out "$vsix" </dev/null

# The package must hold the compiled entry point and its runtime dependency.
python3 - "$vsix" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = [
    "extension/package.json",
    "extension/out/extension.js",
    "extension/node_modules/vscode-languageclient/package.json",
    "extension/LICENSE.txt",
]
missing = [n for n in need if n not in names]
leaked = sorted(n for n in names if n.startswith("extension/src/"))
if missing or leaked:
    sys.exit(f"vsix: missing {missing}, should not contain {leaked}")
print(f"vsix: {len(names)} files, entry point and vscode-languageclient present")
PY
