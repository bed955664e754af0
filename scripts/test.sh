#!/usr/bin/env bash
# Runs every check Gradient Lab has, in order, and stops at the first failure.
# Installs what is missing first (scripts/setup.sh --test), so it works on a fresh machine.
#
#   bash scripts/test.sh                stop at the first failing suite
#   bash scripts/test.sh --keep-going   run every suite even after a failure
#
# Suites: rustfmt, clippy (native, all targets), clippy (wasm32 library), cargo test
# (native: unit, integration, seed sweeps), browser tests (tests/web.rs in headless
# Chromium), the command line's outputs against their pinned hashes (scripts/golden.sh),
# the release build of the page (trunk), end-to-end (tests/e2e in Chromium).
# The last line is "N passed, N failed[, N skipped]" over those suites.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
exec </dev/null # never wait for input (CI has no stdin)

keep_going=false
for arg in "$@"; do
  case "$arg" in
    --keep-going | -k) keep_going=true ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

names=() times=() results=()
passed=0 failed=0
t_all=$(date +%s)

fmt_secs() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

summary() {
  local skipped=$1
  echo
  echo "==== summary ===="
  for i in "${!names[@]}"; do
    printf '  %-6s %-36s %s\n' "${results[$i]}" "${names[$i]}" "${times[$i]}"
  done
  echo "  total $(fmt_secs $(($(date +%s) - t_all)))"
  if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
}

echo "==== setup ===="
t0=$(date +%s)
if ! bash scripts/setup.sh --test; then
  echo "test.sh: FAILED: setup (scripts/setup.sh --test) could not install the tools; nothing was tested" >&2
  names+=("setup") times+=("$(fmt_secs $(($(date +%s) - t0)))") results+=("FAIL")
  failed=1
  summary 9 # every suite below
  exit 1
fi
echo "setup took $(fmt_secs $(($(date +%s) - t0)))"

export PATH="$ROOT/node_modules/binaryen/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver

# name | command
suites=(
  "rustfmt|cargo fmt --check"
  "clippy (native, all targets)|cargo clippy --all-targets -- -D warnings"
  "clippy (wasm32 lib)|cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings"
  "cargo test (native)|cargo test"
  "browser tests (tests/web.rs)|cargo test --target wasm32-unknown-unknown --test web"
  "command line (release build, for the end-to-end comparison)|cargo build --release --bin gradient-lab"
  "golden outputs (scripts/golden.sh)|bash scripts/golden.sh"
  "trunk build --release|trunk build --release --offline"
  "end-to-end (tests/e2e)|node tests/e2e/run.mjs"
)

for i in "${!suites[@]}"; do
  name=${suites[$i]%%|*}
  cmd=${suites[$i]#*|}
  echo
  echo "==== $name: $cmd ===="
  t0=$(date +%s)
  bash -c "$cmd"
  rc=$?
  took=$(fmt_secs $(($(date +%s) - t0)))
  names+=("$name") times+=("$took")
  if [ "$rc" -eq 0 ]; then
    results+=("ok") passed=$((passed + 1))
    echo "---- $name: ok ($took)"
  else
    results+=("FAIL") failed=$((failed + 1))
    echo "test.sh: FAILED: $name (exit $rc): $cmd" >&2
    if ! $keep_going; then
      summary $((${#suites[@]} - i - 1))
      exit 1
    fi
  fi
done

summary 0
[ "$failed" -eq 0 ]
