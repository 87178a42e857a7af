#!/usr/bin/env bash
# Re-measures the table "The default network, and why" in README.md: varies one setting at a time around the
# defaults and prints the final test error of each run. About 3 minutes for the die rows and 3 for the large rows on 2 cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="$(mktemp -d)"; trap 'rm -rf "$out"' EXIT
run() { ./crossbar train --out "$out/run" --force "$@" >/dev/null && python3 -c "import json,sys; print(f\"{json.load(open('$out/run/results.json'))['test_error']*100:.2f} %\")"; }
for t in 0.2 0.25 0.3 0.35 0.5; do echo "die threshold $t: $(run --threshold $t)"; done
for w in 0.5 0.7 1 1.4 2; do echo "die ste-window $w: $(run --ste-window $w)"; done
for s in 0.1 0.15 0.2 0.3; do echo "die output-scale $s: $(run --output-scale $s)"; done
for seed in 1 2 3; do echo "die seed $seed: $(run --seed $seed)"; done
for lr in 0.01 0.002 0.001; do echo "large (10 epochs) lr $lr: $(run --network large --epochs 10 --lr $lr)"; done
