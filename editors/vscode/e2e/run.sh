#!/usr/bin/env bash
# The VS Code extension's end-to-end test (test.js): the .vsix named by
# CREDLINT_VSIX installed into code-server, driven in headless Chromium.
#
#   CREDLINT_VSIX=/path/to/credlint-linux-x64.vsix bash editors/vscode/e2e/run.sh
#
# Installs code-server and playwright-core from package-lock.json into
# node_modules/ here (again only when the lock file changes). code-server
# builds VS Code's native modules as it installs, which needs make, a C++
# compiler, Python and the Kerberos headers (Debian: build-essential,
# libkrb5-dev); its ripgrep is taken from the system (Debian: ripgrep)
# instead of being downloaded from GitHub. Chromium is
# CREDLINT_CHROMIUM, default /usr/bin/chromium (Debian: chromium).
#
# A missing tool fails the test, unless the run opts out with
# CREDLINT_SKIP_E2E=1: then it says so and checks nothing.
# CREDLINT_E2E_SCREENSHOT=FILE.png saves a picture of the editor.
set -euo pipefail
cd "$(dirname "$0")"

: "${CREDLINT_VSIX:?set CREDLINT_VSIX to the packaged extension}"
export CREDLINT_CHROMIUM="${CREDLINT_CHROMIUM:-/usr/bin/chromium}"

stamp=node_modules/.credlint-package-lock.json
installed=false
cmp -s package-lock.json "$stamp" && installed=true

missing=()
[ -x "$CREDLINT_CHROMIUM" ] || missing+=("Chromium ($CREDLINT_CHROMIUM)")
if ! $installed; then
  for tool in make g++ python3 rg krb5-config; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
fi
if [ "${#missing[@]}" -gt 0 ]; then
  what="the VS Code end-to-end test needs ${missing[*]}"
  if [ "${CREDLINT_SKIP_E2E:-}" = 1 ]; then
    echo "note: $what; CREDLINT_SKIP_E2E=1, so the VS Code end-to-end test checks nothing"
    exit 0
  fi
  echo "e2e: $what: install it (.ci/run does) or opt out with CREDLINT_SKIP_E2E=1" >&2
  exit 1
fi

if ! $installed; then
  echo "== vscode e2e: npm ci (code-server, playwright-core)"
  # @vscode/ripgrep's install script downloads rg from GitHub unless the
  # archive is in its cache folder under TMPDIR: put the system's rg there.
  # Names pinned by code-server 4.100.3 (lib/vscode/npm-shrinkwrap.json:
  # @vscode/ripgrep 1.15.11, which fetches ripgrep v13.0.0-10).
  case "$(uname -m)" in
    x86_64) rg_target=x86_64-unknown-linux-musl ;;
    aarch64) rg_target=aarch64-unknown-linux-musl ;;
    *) echo "e2e: no ripgrep target for $(uname -m)" >&2; exit 1 ;;
  esac
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  mkdir -p "$scratch/rg" "$scratch/vscode-ripgrep-cache-1.15.11"
  cp "$(command -v rg)" "$scratch/rg/rg"
  tar -czf "$scratch/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-$rg_target.tar.gz" -C "$scratch/rg" rg
  # node-gyp builds against the installed Node's headers when they are
  # there (Debian's nodejs ships them), rather than downloading them.
  node_prefix="$(dirname "$(dirname "$(command -v node)")")"
  if [ -z "${npm_config_nodedir:-}" ] && [ -f "$node_prefix/include/node/node.h" ]; then
    export npm_config_nodedir="$node_prefix"
  fi
  # code-server's install script refuses to run as root unless npm says
  # unsafe-perm; node-pty's runs `npx node-gyp`, which must not prompt.
  TMPDIR="$scratch" npm_config_unsafe_perm=true npm_config_yes=true \
    npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

echo "== vscode e2e: code-server with the .vsix, in headless Chromium"
node test.js
