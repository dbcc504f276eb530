#!/usr/bin/env bash
# Packages the extension for one platform, with a credlint executable built
# for that platform bundled at bin/<platform>-<arch>/credlint[.exe], where
# src/extension.ts looks for it. The .vsix is what the VS Code Marketplace
# and Open VSX take as a platform-specific package (`vsce publish
# --packagePath FILE`, `ovsx publish FILE`).
#
#   bash package.sh BINARY [TARGET] [OUT]
#
# BINARY  the credlint executable to bundle, built for TARGET
# TARGET  a VS Code target: linux-x64, linux-arm64, linux-armhf, alpine-x64,
#         alpine-arm64, darwin-x64, darwin-arm64, win32-x64, win32-arm64;
#         default: this machine's (Node's `platform-arch`)
# OUT     the .vsix to write; default: credlint-TARGET-VERSION.vsix here
#
# Run `npm ci` first. vsce compiles (the `vscode:prepublish` script) and
# bundles out/extension.js; node_modules/ stays out of the package.
set -euo pipefail

binary="${1:?usage: package.sh BINARY [TARGET] [OUT]}"
target="${2:-}"
out="${3:-}"
[ -f "$binary" ] && [ -x "$binary" ] || { echo "package.sh: $binary is not an executable file" >&2; exit 2; }
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
if [ -n "$out" ]; then
  mkdir -p "$(dirname "$out")"
  out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
fi
cd "$(dirname "$0")"

if [ -z "$target" ]; then
  target="$(node -p 'process.platform + "-" + process.arch')"
fi
# The folder is named as Node names the platform (process.platform,
# process.arch), which is what the extension reads at run time.
case "$target" in
  alpine-*) folder="linux-${target#alpine-}" ;;
  linux-armhf) folder="linux-arm" ;;
  linux-x64 | linux-arm64 | darwin-x64 | darwin-arm64 | win32-x64 | win32-arm64) folder="$target" ;;
  *) echo "package.sh: unknown target $target" >&2; exit 2 ;;
esac
exe="credlint"
case "$target" in win32-*) exe="credlint.exe" ;; esac
if [ -z "$out" ]; then
  version="$(node -p 'require("./package.json").version')"
  out="$PWD/credlint-$target-$version.vsix"
fi

# bin/ holds this one binary while vsce runs, and is removed afterwards.
rm -rf bin
trap 'rm -rf bin' EXIT
mkdir -p "bin/$folder"
cp "$binary" "bin/$folder/$exe"
chmod 755 "bin/$folder/$exe"

# The repository is named in package.json and LICENSE is present, so vsce
# has nothing to ask; </dev/null keeps it from prompting should either go.
npx --no-install vsce package --no-dependencies --target "$target" --out "$out" </dev/null
echo "package.sh: wrote $out ($target)"
