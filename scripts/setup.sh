#!/usr/bin/env bash
# Installs what Gradient Lab needs to build, serve and test, and only what is missing
# or has the wrong version. Safe to run any number of times: when everything is there
# it takes about a second. On a fresh machine (Rust, node/npm and python only) the
# first run takes ~20-25 minutes, almost all of it compiling Trunk and wasm-bindgen-cli.
#
#   bash scripts/setup.sh --web    what `scripts/serve.sh` needs (wasm target, Trunk,
#                                  wasm-bindgen-cli, wasm-opt, the crates)
#   bash scripts/setup.sh --test   all of that, plus rustfmt/clippy, Chromium and its
#                                  driver, and playwright-core (what `scripts/test.sh` needs)
#   bash scripts/setup.sh          same as --test
#
# Versions: Trunk 0.21.14 (0.22 needs a newer rustc); wasm-bindgen-cli exactly the
# wasm-bindgen version in Cargo.lock; binaryen and playwright-core as pinned in
# package.json / package-lock.json; Chromium from Debian. See shared/toolchain.md.
set -euo pipefail

TRUNK_VERSION=0.21.14

mode=test
for arg in "$@"; do
  case "$arg" in
    --web) mode=web ;;
    --test | --all) mode=test ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "setup: unknown option '$arg' (use --web or --test)" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
[ -d "${CARGO_HOME:-$HOME/.cargo}/bin" ] && export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive
LOGS="$ROOT/target/setup-logs"
mkdir -p "$LOGS"
exec </dev/null # never wait for input (CI has no stdin)

say() { printf 'setup: %-37s %s\n' "$1" "$2"; }
fail() { say "$1" "FAILED: $2" >&2; exit 1; }
elapsed() { local s=$(($(date +%s) - $1)); printf '%dm%02ds' $((s / 60)) $((s % 60)); }
need() { command -v "$1" >/dev/null 2>&1 || fail "$1" "not found on PATH ($2)"; }
show_log() { echo "---- last lines of $1 ----" >&2; tail -n 40 "$1" >&2; }

need cargo "install Rust with rustup first"
need rustup "install Rust with rustup first"
need node "install Node.js 18 or newer (with npm)"
need npm "install npm"

# Run as root, or through sudo when there is one (apt-get needs root).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    echo "setup: need root (or sudo) for: $*" >&2; return 1; fi
}

# --- 1. Rust: the wasm32 target (and rustfmt/clippy for the tests) --------------------
sysroot=$(rustc --print sysroot)
if [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib" ]; then
  say "wasm32-unknown-unknown target" "present"
else
  t0=$(date +%s)
  rustup target add wasm32-unknown-unknown >"$LOGS/rustup-target.log" 2>&1 ||
    { show_log "$LOGS/rustup-target.log"; fail "wasm32-unknown-unknown target" "rustup target add"; }
  say "wasm32-unknown-unknown target" "installed in $(elapsed "$t0")"
fi

if [ "$mode" = test ]; then
  missing=()
  cargo fmt --version >/dev/null 2>&1 || missing+=(rustfmt)
  cargo clippy --version >/dev/null 2>&1 || missing+=(clippy)
  if [ ${#missing[@]} -eq 0 ]; then
    say "rustfmt + clippy" "present"
  else
    t0=$(date +%s)
    rustup component add "${missing[@]}" >"$LOGS/rustup-components.log" 2>&1 ||
      { show_log "$LOGS/rustup-components.log"; fail "rustfmt + clippy" "rustup component add ${missing[*]}"; }
    say "rustfmt + clippy" "installed ${missing[*]} in $(elapsed "$t0")"
  fi
fi

# --- 2. Debian's Chromium + chromedriver, in the background (network-bound) -----------
apt_pid=
if [ "$mode" = test ]; then
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    say "chromium + chromium-driver" "present"
  else
    say "chromium + chromium-driver" "installing with apt-get in the background (log: target/setup-logs/apt.log)"
    apt_t0=$(date +%s)
    (as_root apt-get update && as_root apt-get install -y chromium chromium-driver) >"$LOGS/apt.log" 2>&1 &
    apt_pid=$!
  fi
fi

# --- 3. The crates (trunk builds with --offline, so they must be on disk) ------------
t0=$(date +%s)
cargo fetch --quiet >"$LOGS/cargo-fetch.log" 2>&1 || { show_log "$LOGS/cargo-fetch.log"; fail "crates (cargo fetch)" "cargo fetch"; }
say "crates (cargo fetch)" "ready ($(elapsed "$t0"))"

# --- 4. Trunk and wasm-bindgen-cli (compiled from crates.io; both at once) -----------
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$wbg_version" ] || fail "wasm-bindgen-cli" "no wasm-bindgen in Cargo.lock"

trunk_pid= wbg_pid=
have_trunk=$(trunk --version 2>/dev/null || true)
if [ "$have_trunk" = "trunk $TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION" "present"
else
  say "trunk $TRUNK_VERSION" "installing (${have_trunk:-none} found; 8-16 min; log: target/setup-logs/trunk.log)"
  trunk_t0=$(date +%s)
  cargo install --locked trunk --version "$TRUNK_VERSION" --force >"$LOGS/trunk.log" 2>&1 &
  trunk_pid=$!
fi

have_wbg=$(wasm-bindgen --version 2>/dev/null || true)
have_runner=$(command -v wasm-bindgen-test-runner || true)
if [ "$have_wbg" = "wasm-bindgen $wbg_version" ] && [ -n "$have_runner" ]; then
  say "wasm-bindgen-cli $wbg_version" "present"
else
  say "wasm-bindgen-cli $wbg_version" "installing (${have_wbg:-none} found; 6-10 min; log: target/setup-logs/wasm-bindgen.log)"
  wbg_t0=$(date +%s)
  # No --locked: its lock file wants a webpki-roots the registry does not serve.
  cargo install wasm-bindgen-cli --version "$wbg_version" --force >"$LOGS/wasm-bindgen.log" 2>&1 &
  wbg_pid=$!
fi

# --- 5. npm dev tools: wasm-opt (binaryen) and playwright-core ----------------------
# node_modules/.package-lock.json is written by npm after each install: when it is newer
# than package.json and package-lock.json, node_modules is what they ask for.
if [ -x node_modules/binaryen/bin/wasm-opt ] && [ -f node_modules/playwright-core/package.json ] &&
  [ node_modules/.package-lock.json -nt package.json ] &&
  { [ ! -f package-lock.json ] || [ node_modules/.package-lock.json -nt package-lock.json ]; }; then
  say "npm dev tools (binaryen, playwright)" "present"
else
  t0=$(date +%s)
  if [ -f package-lock.json ]; then npm_cmd=(npm ci); else npm_cmd=(npm install); fi
  "${npm_cmd[@]}" --no-audit --no-fund >"$LOGS/npm.log" 2>&1 || { show_log "$LOGS/npm.log"; fail "npm dev tools (binaryen, playwright)" "${npm_cmd[*]}"; }
  touch node_modules/.package-lock.json
  say "npm dev tools (binaryen, playwright)" "installed with ${npm_cmd[*]} in $(elapsed "$t0")"
fi

# --- wait for the background installs ------------------------------------------------
status=0
if [ -n "$trunk_pid" ]; then
  if wait "$trunk_pid" && [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
    say "trunk $TRUNK_VERSION" "installed in $(elapsed "$trunk_t0")"
  else
    show_log "$LOGS/trunk.log"; say "trunk $TRUNK_VERSION" "FAILED (cargo install trunk)" >&2; status=1
  fi
fi
if [ -n "$wbg_pid" ]; then
  if wait "$wbg_pid" && [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $wbg_version" ]; then
    say "wasm-bindgen-cli $wbg_version" "installed in $(elapsed "$wbg_t0")"
  else
    show_log "$LOGS/wasm-bindgen.log"; say "wasm-bindgen-cli $wbg_version" "FAILED (cargo install wasm-bindgen-cli)" >&2; status=1
  fi
fi
if [ -n "$apt_pid" ]; then
  if wait "$apt_pid" && [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    say "chromium + chromium-driver" "installed in $(elapsed "$apt_t0")"
  else
    show_log "$LOGS/apt.log"; say "chromium + chromium-driver" "FAILED (apt-get install chromium chromium-driver)" >&2; status=1
  fi
fi
[ "$status" -eq 0 ] || exit 1
say "all $mode tools" "ready"
