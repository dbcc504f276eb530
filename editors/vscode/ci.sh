#!/usr/bin/env bash
# CI for the VS Code extension: clean install from package-lock.json, type
# check and bundle, lint, package the .vsix for this machine's platform with
# the credlint executable named in CREDLINT_BIN bundled (package.sh), check
# what went into it, then run the unpacked package against its own bundled
# server (test/smoke.js).
# Non-interactive; leaves only node_modules/ and out/ behind (both ignored
# by git), and the .vsix at CREDLINT_VSIX when that is set.
#
#   CREDLINT_BIN="$PWD/target/release/credlint" bash editors/vscode/ci.sh
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${CREDLINT_BIN:-}" ] && [ -n "${CI:-}" ]; then
  echo "CREDLINT_BIN is not set: CI must name the built credlint executable" >&2
  exit 1
fi

echo "== vscode: npm ci"
npm ci --no-audit --no-fund

echo "== vscode: type check and bundle"
npm run compile

echo "== vscode: lint"
npm run lint

echo "== vscode: package"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
vsix="${CREDLINT_VSIX:-$work/credlint.vsix}"
host="$(node -p 'process.platform + "-" + process.arch')"
if [ -n "${CREDLINT_BIN:-}" ]; then
  bash package.sh "$CREDLINT_BIN" "$host" "$vsix"
  bundled="extension/bin/$host/credlint"
else
  echo "note: CREDLINT_BIN is not set; packaging without a bundled binary, and no smoke test"
  mkdir -p "$(dirname "$vsix")"
  npx --no-install vsce package --no-dependencies --out "$vsix" </dev/null
  bundled=""
fi

# The package is the bundle and its metadata, the binary executable, and a
# README whose links work on the Marketplace (no relative ones). It is
# unpacked, modes kept, for the smoke test.
python3 - "$vsix" "$bundled" "$work/unpacked" <<'PY'
import os, re, sys, zipfile
vsix, bundled, dest = sys.argv[1:]
archive = zipfile.ZipFile(vsix)
entries = {i.filename: i for i in archive.infolist() if i.filename.startswith("extension/")}
want = {
    "extension/package.json",
    "extension/out/extension.js",
    "extension/LICENSE.txt",
    "extension/readme.md",
}
if bundled:
    want.add(bundled)
if set(entries) != want:
    sys.exit(f"vsix: holds {sorted(entries)}, expected {sorted(want)}")
if bundled and (entries[bundled].external_attr >> 16) & 0o111 != 0o111:
    sys.exit(f"vsix: {bundled} is not executable (mode {entries[bundled].external_attr >> 16:o})")
readme = archive.read("extension/readme.md").decode()
relative = [link for link in re.findall(r"\]\(([^)\s]+)", readme) if not link.startswith(("https://", "#"))]
if relative:
    sys.exit(f"vsix: readme.md has links that break on the Marketplace: {relative}")
for name, info in entries.items():
    path = archive.extract(info, dest)
    os.chmod(path, (info.external_attr >> 16) & 0o777 or 0o644)
print(f"vsix: {os.path.getsize(vsix) // 1024} KiB, {len(entries)} files: {', '.join(sorted(entries))}")
PY

echo "== vscode: smoke test of the package against its bundled credlint lsp"
if [ -n "${CREDLINT_BIN:-}" ]; then
  # CREDLINT_BIN unset: `credlint.path` stays empty, so the extension must
  # find and start the binary bundled in the package.
  env -u CREDLINT_BIN SMOKE_EXTENSION="$work/unpacked/extension" node test/smoke.js
fi
