#!/usr/bin/env python3
"""A straightforward PyTorch statistics-aware training step, for comparison with CrossbarLab's GPU engine.

What one step does (the plain way, no sparse tricks): K copies of the binary weights, each with its own ~1 % of
randomly stuck weights (a fresh mask and fresh stuck values every step), batched products over the K copies
(torch.bmm), sign activations and sign weights with the straight-through estimator, softmax cross-entropy averaged
over samples × instances, backward, and Adam with the latent weights clipped to [-1, 1]. The data are random ±1
images and random labels generated on the device: the script reads nothing.

Prints the throughput in samples × instances per second for each K (one line each, or one JSON object with --json).
Without PyTorch it prints a notice and exits 0.

    python3 scripts/torch_statistics_aware_step.py [--k 32,128] [--inputs 784] [--hidden 100] [--batch 100]
                                                   [--defect-rate 0.01] [--seconds 2] [--device cuda] [--json]
"""
import argparse
import json
import sys
import time


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--k", default="32,128", help="defect instances per step, comma-separated (default 32,128)")
    parser.add_argument("--inputs", type=int, default=784, help="network inputs (default 784)")
    parser.add_argument("--hidden", type=int, default=100, help="hidden neurons (default 100)")
    parser.add_argument("--outputs", type=int, default=10, help="classes (default 10)")
    parser.add_argument("--batch", type=int, default=100, help="samples per step (default 100)")
    parser.add_argument("--defect-rate", type=float, default=0.01,
                        help="fraction of weights stuck in each instance (default 0.01)")
    parser.add_argument("--seconds", type=float, default=2.0, help="minimum measuring time per K (default 2)")
    parser.add_argument("--device", default="cuda", help="torch device (default cuda)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser.parse_args()


def main():
    args = parse_args()
    try:
        import torch
    except ImportError:
        print("notice: PyTorch is not installed (python3 -c 'import torch' fails); nothing measured.")
        return 0
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        print(f"notice: PyTorch {torch.__version__} finds no CUDA device; nothing measured.")
        return 0
    device = torch.device(args.device)
    ks = [int(k) for k in args.k.split(",") if k.strip()]
    results = [measure(torch, device, args, k) for k in ks]
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"
    if args.json:
        print(json.dumps({
            "framework": f"pytorch {torch.__version__}",
            "device": name,
            "network": f"{args.inputs}-{args.hidden}-{args.outputs}",
            "batch": args.batch,
            "defect_rate": args.defect_rate,
            "results": results,
        }, indent=2, ensure_ascii=False))
    else:
        for r in results:
            print(f"pytorch statistics-aware step, K = {r['k']}: {r['throughput']:,.0f} samples×instances/s "
                  f"({args.inputs}-{args.hidden}-{args.outputs}, batch {args.batch}, {name})")
    return 0


def measure(torch, device, args, k):
    """Samples × instances per second of full training steps with K instances, after a warm-up."""
    sign_ste = make_sign_ste(torch)
    gen = torch.Generator(device=device)
    gen.manual_seed(1)
    w0 = torch.nn.Parameter(0.1 * (2 * torch.rand(args.inputs, args.hidden, device=device, generator=gen) - 1))
    w1 = torch.nn.Parameter(0.1 * (2 * torch.rand(args.hidden, args.outputs, device=device, generator=gen) - 1))
    optimizer = torch.optim.Adam([w0, w1], lr=0.002)
    batches = 16
    images = plus_minus_one(torch, torch.rand(batches, args.batch, args.inputs, device=device, generator=gen) >= 0.5)
    labels = torch.randint(0, args.outputs, (batches, args.batch), device=device, generator=gen)
    window0 = 0.7 * args.inputs ** 0.5
    window1 = 0.7 * args.hidden ** 0.5

    def step(i):
        x = images[i % batches]
        y = labels[i % batches].repeat(k)
        weights = []
        for w in (w0, w1):
            # K copies of sign(W), each with its own stuck weights (fixed at ±1 whatever W says).
            stuck = torch.rand((k,) + tuple(w.shape), device=device, generator=gen) < args.defect_rate
            value = plus_minus_one(torch, torch.rand((k,) + tuple(w.shape), device=device, generator=gen) >= 0.5)
            weights.append(torch.where(stuck, value, sign_ste(w).unsqueeze(0)))
        z0 = torch.bmm(x.unsqueeze(0).expand(k, -1, -1), weights[0])
        hidden = sign_ste(z0 / window0)
        logits = 0.2 * torch.bmm(hidden, weights[1])
        loss = torch.nn.functional.cross_entropy(logits.reshape(k * args.batch, args.outputs), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            w0.clamp_(-1, 1)
            w1.clamp_(-1, 1)

    for i in range(20):
        step(i)
    synchronize(torch, device)
    steps = 0
    start = time.perf_counter()
    while True:
        for _ in range(10):
            step(steps)
            steps += 1
        synchronize(torch, device)
        elapsed = time.perf_counter() - start
        if elapsed >= args.seconds:
            break
    return {"name": "torch.statistics-aware", "k": k, "throughput": steps * args.batch * k / elapsed,
            "unit": "samples×instances/s", "steps": steps, "seconds": elapsed}


def make_sign_ste(torch):
    class SignSte(torch.autograd.Function):
        """sign(x) (sign(0) = +1) forward; the gradient passed where |x| <= 1 (straight-through estimator)."""

        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return plus_minus_one(torch, x >= 0).to(x.dtype)

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad * (x.abs() <= 1).to(grad.dtype)

    return SignSte.apply


def plus_minus_one(torch, condition):
    """+1.0 where condition holds, -1.0 elsewhere (float32)."""
    return condition.to(torch.float32) * 2 - 1


def synchronize(torch, device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


if __name__ == "__main__":
    sys.exit(main())
