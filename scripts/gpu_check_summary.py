#!/usr/bin/env python3
"""Summarises what scripts/gpu-check.sh left in its results folder: the device, the bench rows of both backends, the
speed-ups of the GPU's statistics-aware training over the CPU (all cores, and 2 cores), PyTorch's step on the same GPU,
and the reproduction times. Every figure comes from the files; a missing file is said to be missing.

    python3 scripts/gpu_check_summary.py RESULTS_FOLDER
"""
import csv
import json
import os
import sys


def load(folder, name):
    path = os.path.join(folder, name)
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def rows(report):
    return report.get("results", []) if report else []


def find(report, name, k, backend=None):
    for r in rows(report):
        if r.get("name") == name and r.get("k") == k and (backend is None or r.get("backend", "cpu") == backend):
            return r
    return None


def ratio(a, b):
    return f"{a['throughput'] / b['throughput']:.1f}×" if a and b and b["throughput"] > 0 else "n/a"


def main(folder):
    devices = load(folder, "devices.json")
    print("== device")
    if devices:
        for d in devices.get("devices", []):
            print(f"  {d.get('kind')}: {d.get('name')} (compute capability {d.get('compute_capability')})")
        print(f"  GPU backend: {devices.get('gpu_backend')}")
    else:
        print("  devices.json missing")

    bench = load(folder, "bench-100-90-10.json")
    two = load(folder, "bench-cpu-2-cores.json")
    print("\n== crossbar bench, 100-90-10 (the die network)")
    if bench:
        print(f"  machine: {bench.get('machine')}; backends {bench.get('backend')}; gpu {bench.get('gpu_device')}")
        for r in rows(bench):
            print(f"  {r.get('backend', 'cpu'):4} {r['name']:34} K={r['k']:<4} {r['throughput']:>16,.1f} {r['unit']}")
    else:
        print("  bench-100-90-10.json missing")
    for k in (32, 128):
        gpu = find(bench, "train.statistics-aware", k, "gpu")
        cpu = find(bench, "train.statistics-aware", k, "cpu")
        cpu2 = find(two, "train.statistics-aware", k, "cpu")
        print(f"  statistics-aware K={k}: gpu over cpu (all cores) {ratio(gpu, cpu)}; "
              f"gpu over cpu (2 cores) {ratio(gpu, cpu2)}")
    evaluation = ratio(find(bench, "eval.dies", 1, "gpu"), find(bench, "eval.dies", 1, "cpu"))
    print(f"  evaluation on dies: gpu over cpu {evaluation}")
    if two:
        for r in rows(two):
            if r["name"].startswith("train."):
                print(f"  cpu on 2 cores: {r['name']} K={r['k']}: {r['throughput']:,.1f} {r['unit']}")

    print("\n== PyTorch statistics-aware step against crossbar's GPU engine (same GPU)")
    for net, torch_file, ours_file in (("784-100-10", "torch-784-100-10.json", "bench-784-100-10-gpu.json"),
                                       ("100-90-10", "torch-100-90-10.json", "bench-100-90-10.json")):
        torch = load(folder, torch_file)
        ours = load(folder, ours_file)
        if not torch:
            print(f"  {net}: {torch_file} missing or not JSON (no PyTorch or no CUDA?)")
            continue
        for r in rows(torch):
            mine = find(ours, "train.statistics-aware", r["k"], "gpu")
            mine_text = f"{mine['throughput']:,.0f}" if mine else "n/a"
            print(f"  {net} K={r['k']}: pytorch {r['throughput']:,.0f}, crossbar {mine_text} samples×instances/s "
                  f"(crossbar over pytorch {ratio(mine, r)})")

    print("\n== steps (exit code, seconds)")
    try:
        with open(os.path.join(folder, "steps.tsv")) as f:
            for step in csv.DictReader(f, delimiter="\t"):
                print(f"  {step['step']:24} exit {step['exit']:8} {step['seconds']:>5} s")
    except OSError:
        print("  steps.tsv missing")
    for name in ("quick", "full"):
        results = load(folder, os.path.join(f"reproduce-{name}", "results.json"))
        if not results:
            print(f"  reproduce {name}: no results.json")
            continue
        methods = results.get("methods", {})
        parts = [f"baseline {100 * results.get('baseline_test_error', float('nan')):.2f} %"]
        for method in ("software", "hardware_aware", "statistics_aware"):
            m = methods.get(method)
            if m:
                parts.append(f"{method} {100 * m['mean']:.2f} ± {100 * m['std']:.2f} %")
        print(f"  reproduce {name}: " + "; ".join(parts))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(1)
    sys.exit(main(sys.argv[1]))
