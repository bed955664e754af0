#!/usr/bin/env bash
# Serves Gradient Lab on this machine, rebuilding when a source file changes.
# Installs what is missing first (scripts/setup.sh --web), so it works on a fresh machine.
#
#   bash scripts/serve.sh                  http://127.0.0.1:8080/
#   bash scripts/serve.sh --port 9000      another port (or PORT=9000 bash scripts/serve.sh)
#   bash scripts/serve.sh --release        optimised build (slower to rebuild, faster to train)
#
# Any other option is passed on to `trunk serve`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

port=${PORT:-8080}
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port | -p) port=${2:?"--port needs a number"}; shift 2 ;;
    --port=*) port=${1#--port=}; shift ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) extra+=("$1"); shift ;;
  esac
done
case "$port" in '' | *[!0-9]*) echo "serve: port must be a number, got '$port'" >&2; exit 2 ;; esac

bash scripts/setup.sh --web
export PATH="$ROOT/node_modules/binaryen/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

echo
echo "Gradient Lab: http://127.0.0.1:$port/   (Ctrl-C stops the server)"
echo
exec trunk serve --offline --address 127.0.0.1 --port "$port" ${extra[@]+"${extra[@]}"}
