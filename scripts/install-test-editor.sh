#!/usr/bin/env bash
# Installs a real VS Code (code-server 4.100.3 = VS Code 1.100.3, the last release that runs
# on Node 20) outside the repository, for the end-to-end tests and `npm start` on machines
# without a desktop VS Code. Idempotent: a second run only checks and prints the location.
# See /work/shared/E2E.md (or docs) for why each setting below is needed.
#
#   WEAVERGEN_TEST_EDITOR_DIR   install folder (default: ~/.cache/weavergen-test-editor)
set -euo pipefail

VERSION=4.100.3
RG_CACHE_VERSION=1.15.11
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
DIR="${WEAVERGEN_TEST_EDITOR_DIR:-$HOME/.cache/weavergen-test-editor}"
CS="$DIR/node_modules/code-server"
ENTRY="$CS/out/node/entry.js"

say() { printf 'install-test-editor: %s\n' "$*" >&2; }

# Native modules that code-server's postinstall must have built; missing ones mean the
# install scripts did not run (npm allowScripts policy, root without unsafe-perm, ...).
check_native() {
  local missing=0 f
  for f in \
    "lib/vscode/node_modules/node-pty/build/Release/pty.node" \
    "lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" \
    "lib/vscode/node_modules/kerberos/build/Release/kerberos.node" \
    "lib/vscode/node_modules/@vscode/ripgrep/bin/rg"; do
    if [ ! -e "$CS/$f" ]; then say "missing $f"; missing=1; fi
  done
  return $missing
}

if [ -f "$ENTRY" ] && [ -f "$DIR/.installed-$VERSION" ] && check_native; then
  say "code-server $VERSION already installed"
  echo "$CS"
  exit 0
fi

# --- system prerequisites (a fresh machine gets them from .ci/run) ---
missing=()
command -v rg >/dev/null 2>&1 || missing+=("ripgrep")
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=("chromium")
if ! [ -f /usr/include/gssapi/gssapi.h ] && ! [ -f /usr/include/krb5.h ]; then missing+=("libkrb5-dev"); fi
command -v make >/dev/null 2>&1 || missing+=("make")
command -v g++ >/dev/null 2>&1 || missing+=("g++")
command -v python3 >/dev/null 2>&1 || missing+=("python3")
if [ ${#missing[@]} -gt 0 ]; then
  say "missing system packages: ${missing[*]}"
  say "install them with: apt-get install -y ${missing[*]}"
  exit 1
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" != "20" ]; then
  say "warning: code-server $VERSION expects Node 20 (found $(node --version))"
fi

mkdir -p "$DIR"

# @vscode/ripgrep's postinstall downloads from GitHub unless its cache already holds the
# asset: a tar.gz with a single file named `rg`. Seed it with the Debian binary.
TMPD="$(node -p 'require("os").tmpdir()')"
RG_CACHE="$TMPD/vscode-ripgrep-cache-$RG_CACHE_VERSION"
if [ ! -s "$RG_CACHE/$RG_ASSET" ]; then
  mkdir -p "$RG_CACHE"
  stage="$(mktemp -d)"
  cp "$(command -v rg)" "$stage/rg"
  tar -czf "$RG_CACHE/$RG_ASSET" -C "$stage" rg
  rm -rf "$stage"
  say "seeded ripgrep cache at $RG_CACHE"
fi

# A private package.json so npm installs here and not into some parent project.
if [ ! -f "$DIR/package.json" ]; then
  printf '{\n  "name": "weavergen-test-editor",\n  "private": true\n}\n' > "$DIR/package.json"
fi

say "installing code-server@$VERSION into $DIR (about a minute)..."
# unsafe_perm: code-server's postinstall refuses to run as root otherwise.
# yes: node-pty runs `npx node-gyp`, which is cancelled without a TTY otherwise.
# dangerously_allow_all_scripts: npm 11's allowScripts policy must not skip the native
#   builds (node-pty, kerberos, spdlog, ...); they are the whole point of this install.
(
  cd "$DIR"
  npm_config_unsafe_perm=true \
  npm_config_yes=true \
  npm_config_dangerously_allow_all_scripts=true \
  npm_config_fund=false \
  npm_config_audit=false \
  npm_config_update_notifier=false \
  npm install --no-save --no-package-lock "code-server@$VERSION"
)

if [ ! -f "$ENTRY" ]; then say "install failed: $ENTRY not found"; exit 1; fi
if ! check_native; then
  say "code-server's postinstall did not build its native modules (see messages above)"
  exit 1
fi
touch "$DIR/.installed-$VERSION"
say "code-server $VERSION installed"
echo "$CS"
