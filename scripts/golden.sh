#!/usr/bin/env bash
# Behaviour, pinned: renders every preset's figures (each panel as SVG, the cliff, the
# through-time panel, the comparison, the race) and every CSV, table and JSON Lines output the
# command line writes, and holds their SHA-256 against tests/golden/outputs.sha256.
#
#   bash scripts/golden.sh            check: exit 1 naming every output that changed
#   bash scripts/golden.sh --update   write the manifest anew (review `git diff` after)
#
# A refactor must leave every hash as it was. A change meant to alter an output updates
# the manifest in the same commit and says which outputs moved and why.
# Needs the release command line: cargo build --release --bin gradient-lab.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BIN="$ROOT/target/release/gradient-lab"
MANIFEST="$ROOT/tests/golden/outputs.sha256"
OUT="$ROOT/target/golden"
mode=check
case "${1:-}" in
  --update) mode=update ;;
  "" | --check) ;;
  -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
  *) echo "golden: unknown option '$1'" >&2; exit 2 ;;
esac
[ -x "$BIN" ] || { echo "golden: build the command line first (cargo build --release --bin gradient-lab)" >&2; exit 2; }

rm -rf "$OUT" && mkdir -p "$OUT"
# out NAME CMD...: the command's stdout, stderr and exit code in three files.
out() {
  local name=$1
  shift
  "$BIN" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
  echo $? >"$OUT/$name.code"
}

networks=$("$BIN" presets | awk '/^e[0-9]-/ && !/^e6-|^e7-|^e8-/ {print $1}')
races=$("$BIN" presets | awk '/^e8-/ {print $1}')
recurrent=$("$BIN" rnn --list | awk '/^e6-/ {print $1}')
out presets presets
out help help
for p in $networks; do
  out "config-$p" config "$p"
  out "run-$p-csv" run "$p" --epochs 3 --format csv --layers --changes
  out "run-$p-jsonl" run "$p" --epochs 2 --format jsonl --layers
  out "run-$p-table" run "$p" --epochs 2 --every 2
  for panel in loss gradients activation diagram model change weights; do
    out "chart-$p-$panel" chart "$p" --panel "$panel" --steps 12 --out "$OUT/chart-$p-$panel.svg"
  done
done
out chart-e2-deep-tanh-projector chart e2-deep-tanh --panel loss --theme projector --size 800x500 \
  --steps 40 --set clip=norm:1 --out "$OUT/chart-projector.svg"
for p in e5-relu e5-digits-sigmoid e2-shallow-tanh; do
  out "compare-$p-csv" compare "$p" --epochs 2 --format csv
  out "compare-$p-table" compare "$p" --epochs 2 --svg "$OUT/compare-$p.svg"
done
out compare-vary compare e3-relu --epochs 2 --vary lr=0.01,0.1,1 --log --theme projector \
  --size 900x500 --svg "$OUT/compare-vary.svg"
out compare-cure compare e9-overfit --epochs 3 --vary cure=none,l2,l1,elastic-net,dropout,early-stop \
  --format csv
out compare-cure-svg compare e9-overfit --epochs 4 --vary cure=none,l2,dropout --svg "$OUT/compare-cure.svg"
out run-at run e2-deep-tanh --epochs 3 --format csv --at 20:l2=0.01 --at 30:lr=0.5 --at 30:batch_norm=true
out bad-at run e2-deep-tanh --at 20:hidden=4
# The diagram's gradient view, and a weight edited mid-run (the page's click on a link).
out chart-diagram-gradients chart e2-deep-tanh --panel diagram --view diagram=gradients --steps 1 \
  --theme projector --size 800x520 --csv "$OUT/diagram-gradients.csv" --out "$OUT/diagram-gradients.svg"
out run-at-weight run e2-deep-tanh --epochs 2 --format csv --at 5:w.1.2.2=1.5 --at 9:b.3.4=-0.5
out bad-at-weight run e2-deep-tanh --at 5:w.7.1.1=1
out chart-at-weight chart e2-deep-tanh --panel diagram --steps 8 --at 5:w.1.2.2=1.5 \
  --csv "$OUT/chart-at-weight.csv" --out "$OUT/chart-at-weight.svg"
# Your own data: a two-class file and a regression file with semicolons, and a bad one.
out data-file-run-csv run --data-file tests/data/good/disc.csv --epochs 3 --format csv --layers
out data-file-run-wave run e2-shallow-tanh --data-file tests/data/good/wave-semicolon.csv --epochs 2
out data-file-config config --data-file tests/data/good/disc.csv
out data-file-chart chart --data-file tests/data/good/disc.csv --panel model --steps 40 --out "$OUT/data-file-model.svg"
out data-file-compare compare --data-file tests/data/good/disc.csv --epochs 2 --vary lr=0.01,0.1 --format csv
out bad-data-file run --data-file tests/data/bad/bad-number.csv
out bad-data-file-ragged chart e2-shallow-tanh --data-file tests/data/bad/ragged-short.csv
for f in table csv jsonl; do out "cliff-$f" cliff --format "$f"; done
out cliff-figure cliff --set momentum=0.5 --set grid=41 --svg "$OUT/cliff.svg" --surface "$OUT/cliff-surface.csv"
out cliff-projector cliff --set t=15 --set grid=31 --theme projector --size 1280x720 --svg "$OUT/cliff-projector.svg"
for p in $recurrent; do
  out "rnn-$p-csv" rnn "$p" --set steps=25 --format csv
  out "rnn-$p-jsonl" rnn "$p" --set steps=10 --format jsonl
  out "rnn-$p-table" rnn "$p" --set steps=25 --every 5 --svg "$OUT/rnn-$p.svg"
done
for p in $races; do
  out "race-$p-table" race "$p"
  out "race-$p-csv" race "$p" --set steps=50 --format csv
  out "race-$p-jsonl" race "$p" --set steps=10 --format jsonl
done
out race-figure race e8-clipped-cliff --set grid=41 --svg "$OUT/race.svg"
out race-projector race e8-valley --set grid=41 --theme projector --size 1280x720 --svg "$OUT/race-projector.svg"
# Input features on the two circles, a data seed, and the model panel's view switches.
out run-inputs run e2-shallow-tanh --epochs 3 --format csv --layers --set inputs=x1,x2,x1sq,x2sq
out run-data-seed run e2-shallow-tanh --epochs 2 --format csv --set data_seed=7
out chart-inputs-model chart e2-shallow-tanh --panel model --steps 300 --set inputs=x1,x2,x1sq,x2sq \
  --csv "$OUT/chart-inputs-model.csv" --out "$OUT/chart-inputs-model.svg"
out chart-inputs-view chart e2-shallow-tanh --panel model --steps 300 --set inputs=x1sq,x2sq \
  --view test_points=off --view discretize=on --out "$OUT/chart-inputs-view.svg"
out run-pg-features-circle run pg-features-circle --format csv --layers
out chart-pg-features-circle chart pg-features-circle --panel model --steps 500 --out "$OUT/chart-pg-features-circle.svg"
out bad-inputs run e4-digits-sigmoid --set inputs=x1sq
out bad-inputs-word run e2-shallow-tanh --set inputs=x1,x3
out bad-inputs-twice run e2-shallow-tanh --set inputs=x1,x1
out bad-view chart e2-shallow-tanh --view discretize=maybe
# Bad input: one line on stderr, exit 2.
out bad-command frobnicate
out bad-set run e2-deep-tanh --set lr=fast
out bad-preset run e9-nope
out bad-format run e2-deep-tanh --format xml
out bad-cliff cliff --set t=0
out bad-rnn rnn e6-lstm --set cell=transformer
out bad-race race e8-saddle --set optimizers=lion:1

# Timings vary from run to run: the summary's ", 0.12 s" is masked.
for f in "$OUT"/*.out "$OUT"/*.err; do
  sed -i -E 's/, [0-9]+\.[0-9]{2} s$/, TIME s/' "$f"
done
(cd "$OUT" && sha256sum -- * | sort -k2) >"$OUT.sha256"
count=$(wc -l <"$OUT.sha256")

if [ "$mode" = update ]; then
  mkdir -p "$(dirname "$MANIFEST")"
  cp "$OUT.sha256" "$MANIFEST"
  echo "golden: wrote $count hashes to tests/golden/outputs.sha256"
  exit 0
fi
if diff -q "$MANIFEST" "$OUT.sha256" >/dev/null; then
  echo "golden: all $count outputs are byte-identical to tests/golden/outputs.sha256"
  exit 0
fi
echo "golden: outputs differ from tests/golden/outputs.sha256 (files in target/golden):" >&2
diff <(awk '{print $2, $1}' "$MANIFEST") <(awk '{print $2, $1}' "$OUT.sha256") | grep '^[<>]' | sort -k2 -s >&2
exit 1
