#!/usr/bin/env bash
# The GPU device check, for a machine with an NVIDIA GPU, its CUDA driver and PyTorch, and no .NET: it runs the
# self-contained CLI that scripts/publish.sh packs (publish/crossbar-linux-x64.tar.xz) and measures, in this order,
#   1. what ILGPU finds (crossbar bench --devices), nvidia-smi, and whether cuBLAS loads;
#   2. crossbar bench on the die network (100-90-10), CPU and GPU rows, statistics-aware training at K = 32 and 128
#      and evaluation across dies;
#   3. a straightforward PyTorch statistics-aware step (scripts/torch_statistics_aware_step.py) on the same GPU, on
#      784-100-10 and 100-90-10, and crossbar's GPU rows on 784-100-10 to compare;
#   4. the time of crossbar reproduce --quick and of the full crossbar reproduce on the GPU;
#   5. the CPU rows pinned to 2 cores (taskset), the development machine's size, for the speed-up against it.
# Every step has a timeout taken from what is left of the budget (GPU_CHECK_BUDGET seconds, default 450: the remote
# allows 8 minutes); a step that fails or times out is recorded and the script goes on. Everything it produces goes to
# $OUT: the JSON of each step, the reproduction's small outputs, steps.tsv (step, exit code, seconds), gpu-check.log
# and summary.txt. MNIST comes from data/mnist of this tree (checked against data/mnist.sha256). Without a CUDA device
# it runs the CPU paths briefly and skips the rest, so it can be tried anywhere.
# Usage (from anywhere): OUT=/path/to/results bash scripts/gpu-check.sh
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${OUT:?set OUT to the folder for the results}"
mkdir -p "$out"
budget="${GPU_CHECK_BUDGET:-450}"
start=$(date +%s)
exec > >(tee -a "$out/gpu-check.log") 2>&1
say() { printf '[gpu-check %3ds] %s\n' "$(( $(date +%s) - start ))" "$*"; }
left() { echo $(( budget - ($(date +%s) - start) )); }
printf 'step\texit\tseconds\n' > "$out/steps.tsv"

# run NAME CAP OUTFILE COMMAND...: runs COMMAND with a timeout of at most CAP seconds (less if the budget is nearly
# spent; skipped below 10 s), its stdout into OUTFILE ("-" for the log), and records the step.
run() {
  local name="$1" cap="$2" file="$3"
  shift 3
  local limit
  limit=$(left)
  limit=$(( limit - 15 < cap ? limit - 15 : cap ))
  if [ "$limit" -lt 10 ]; then
    say "skip $name: the budget is spent"
    printf '%s\tskipped\t0\n' "$name" >> "$out/steps.tsv"
    return 0
  fi
  say "$name (at most ${limit}s): $*"
  local t0 code
  t0=$(date +%s)
  if [ "$file" = "-" ]; then
    timeout -k 10 "$limit" "$@"
  else
    timeout -k 10 "$limit" "$@" > "$file"
  fi
  code=$?
  local seconds=$(( $(date +%s) - t0 ))
  [ "$code" -eq 124 ] && say "$name timed out after ${limit}s"
  say "$name: exit $code in ${seconds}s"
  printf '%s\t%s\t%s\n' "$name" "$code" "$seconds" >> "$out/steps.tsv"
  return 0
}

# ---------------------------------------------------------------- the package and the data
archive="publish/crossbar-linux-x64.tar.xz"
[ -f "$archive" ] || { say "error: $archive is missing (make it with scripts/publish.sh)"; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/gpu-check.XXXXXX")"
say "unpacking $archive into $work"
tar -C "$work" -xJf "$archive" || { say "error: cannot unpack $archive"; exit 1; }
crossbar="$work/crossbar-linux-x64/crossbar"
[ -x "$crossbar" ] || { say "error: the package has no crossbar executable"; exit 1; }
mnist="$work/mnist"
mkdir -p "$mnist"
cp -L data/mnist/*-ubyte "$mnist/" || { say "error: data/mnist is missing (carry it with the tree)"; exit 1; }
if [ -f data/mnist.sha256 ]; then
  (cd "$mnist" && sha256sum -c --quiet "$root/data/mnist.sha256") || { say "error: MNIST checksums differ"; exit 1; }
fi

# cuBLAS: ILGPU loads libcublas.so.12 (or .11, .10) by name; PyTorch's wheels ship it in site-packages.
extra=$(python3 - <<'EOF' 2>/dev/null
import glob, os, site
bases = site.getsitepackages() + [site.getusersitepackages()]
patterns = [os.path.join("nvidia", "*", "lib"), os.path.join("torch", "lib")]
dirs = {d for b in bases for p in patterns for d in glob.glob(os.path.join(b, p))}
print(":".join(sorted(dirs)))
EOF
)
for d in /usr/local/cuda/lib64 /usr/lib/x86_64-linux-gnu; do [ -d "$d" ] && extra="${extra:+$extra:}$d"; done
export LD_LIBRARY_PATH="${extra}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
say "cuBLAS candidates: $(for d in ${extra//:/ }; do ls "$d"/libcublas.so* 2>/dev/null; done | tr '\n' ' ')"

# ---------------------------------------------------------------- 1. devices
command -v nvidia-smi >/dev/null && nvidia-smi > "$out/nvidia-smi.txt" 2>&1
run version 30 "$out/version.txt" "$crossbar" --version
run devices 60 "$out/devices.json" "$crossbar" bench --devices --json
cuda=$(python3 -c 'import json,sys; print(str(json.load(open(sys.argv[1]))["cuda"]).lower())' "$out/devices.json" \
  2>/dev/null || echo false)
say "CUDA device found: $cuda ($(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["gpu_backend"])' \
  "$out/devices.json" 2>/dev/null))"

bench_config="$work/bench.json"
echo '{"bench": {"instance_counts": [32, 128], "seconds": 2}}' > "$bench_config"

if [ "$cuda" != "true" ]; then
  say "no CUDA device: checking the CPU paths briefly and skipping the GPU steps"
  echo '{"bench": {"instance_counts": [32], "seconds": 0.2, "dies": 4, "images": 500}}' > "$bench_config"
  run bench-cpu 120 "$out/bench-100-90-10.json" "$crossbar" bench --json --backend cpu --config "$bench_config"
  run torch-784-100-10 60 "$out/torch-784-100-10.txt" python3 scripts/torch_statistics_aware_step.py --json
  run reproduce-quick-cpu 240 - "$crossbar" reproduce --quick --backend cpu --data "$mnist" --out "$work/quick"
  mkdir -p "$out/reproduce-quick"
  cp "$work"/quick/{config,results}.json "$out/reproduce-quick/" 2>/dev/null
else
  # ---------------------------------------------------------------- 2. the die network, both backends
  run bench-100-90-10 150 "$out/bench-100-90-10.json" "$crossbar" bench --json --config "$bench_config"
  # ---------------------------------------------------------------- 3. PyTorch and crossbar on 784-100-10
  run torch-784-100-10 60 "$out/torch-784-100-10.json" \
    python3 scripts/torch_statistics_aware_step.py --json --k 32,128 --inputs 784 --hidden 100
  run torch-100-90-10 60 "$out/torch-100-90-10.json" \
    python3 scripts/torch_statistics_aware_step.py --json --k 32,128 --inputs 100 --hidden 90
  run bench-784-100-10-gpu 60 "$out/bench-784-100-10-gpu.json" \
    "$crossbar" bench --json --backend gpu --inputs 784 --hidden 100 --config "$bench_config"
  # ---------------------------------------------------------------- 4. reproduce on the GPU
  run reproduce-quick 90 - "$crossbar" reproduce --quick --backend gpu --data "$mnist" --out "$work/quick"
  full_cap=$(( $(left) - 60 ))
  run reproduce-full "$full_cap" - "$crossbar" reproduce --backend gpu --data "$mnist" --out "$work/full"
  for run_name in quick full; do
    mkdir -p "$out/reproduce-$run_name"
    cp "$work/$run_name"/{config,results,timing}.json "$work/$run_name"/*.png "$out/reproduce-$run_name/" 2>/dev/null
  done
  # ---------------------------------------------------------------- 5. the CPU on 2 cores
  if command -v taskset >/dev/null; then
    echo '{"bench": {"instance_counts": [32, 128], "seconds": 1}}' > "$work/bench-2cores.json"
    run bench-cpu-2-cores 45 "$out/bench-cpu-2-cores.json" \
      taskset -c 0,1 "$crossbar" bench --json --backend cpu --config "$work/bench-2cores.json"
  fi
fi

# ---------------------------------------------------------------- summary
python3 "$root/scripts/gpu_check_summary.py" "$out" > "$out/summary.txt" 2>&1 || say "summary failed"
cat "$out/summary.txt"
say "done; results in $out (work files in $work)"
