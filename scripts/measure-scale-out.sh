#!/usr/bin/env bash
# Measures what sharding gives the quick scenario sweep on the Slurm cluster this machine reaches (on a test machine:
# scripts/slurm-local.sh start): one process, then 1, 2 and 4 shards via crossbar slurm submit --wait. Prints, per run,
# the wall time, the one-minute load average before it, the span of the array job (first start to last end), each
# task's and the merge job's elapsed time (from scontrol), and whether results.json equals the single process's.
# Usage: scripts/measure-scale-out.sh [OUT_DIR [REPETITIONS]]   (default /tmp/crossbar-scale-out, 1)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-/tmp/crossbar-scale-out}"
reps="${2:-1}"
cd "$root"
mkdir -p "$out"

seconds() { date -d "$1" +%s; }
# Elapsed seconds of each line of `scontrol -o show job ID` (one line per array task).
elapsed() {
  scontrol -o show job "$1" | while read -r line; do
    s=$(grep -o 'StartTime=[^ ]*' <<<"$line" | cut -d= -f2)
    e=$(grep -o 'EndTime=[^ ]*' <<<"$line" | cut -d= -f2)
    printf '%s ' $(($(seconds "$e") - $(seconds "$s")))
  done
}
span() {
  local first last
  first=$(scontrol -o show job "$1" | grep -o 'StartTime=[^ ]*' | cut -d= -f2 | sort | head -n 1)
  last=$(scontrol -o show job "$1" | grep -o 'EndTime=[^ ]*' | cut -d= -f2 | sort | tail -n 1)
  echo $(($(seconds "$last") - $(seconds "$first")))
}
now() { date +%s.%N; }
load() { cut -d' ' -f1 /proc/loadavg; }

for rep in $(seq 1 "$reps"); do
  single="$out/single-$rep"
  rm -rf "$single"
  l=$(load); s=$(now)
  ./crossbar sweep scenarios --quick --out "$single" >"$single.log" 2>&1
  printf 'rep %s  one process  wall %.1f s  load %s\n' "$rep" "$(echo "$(now) - $s" | bc)" "$l"
  for n in 1 2 4; do
    d="$out/shards$n-$rep"
    rm -rf "$d"
    l=$(load); s=$(now)
    ./crossbar slurm submit --shards "$n" --wait -- sweep scenarios --quick --out "$d" >"$d.log" 2>&1
    wall=$(echo "$(now) - $s" | bc)
    array=$(grep -o 'array job [0-9]*' "$d.log" | grep -o '[0-9]*$')
    merge=$(grep -o 'merge job [0-9]*' "$d.log" | head -n 1 | grep -o '[0-9]*$')
    same=$(cmp -s "$single/results.json" "$d/results.json" && echo identical || echo DIFFERENT)
    printf 'rep %s  %s shards  wall %.1f s  load %s  array span %s s  tasks %s s  merge %s s  results %s\n' \
      "$rep" "$n" "$wall" "$l" "$(span "$array")" "$(elapsed "$array")" "$(elapsed "$merge")" "$same"
  done
done
