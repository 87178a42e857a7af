#!/usr/bin/env python3
"""MNIST test error of a CrossbarLab model exported as .npz, computed with NumPy alone.

    ./crossbar export --model runs/baseline/model.json --die runs/fab/die-03.json --out model.npz
    python3 examples/python/evaluate_npz.py model.npz data/mnist

prints the test error of the ideal network and, when the file holds a die's effective weights, on that die: the
same numbers as `crossbar eval --model runs/baseline/model.json --dies runs/fab/die-03.json`.

The same model as ONNX (./crossbar export ... --out model.onnx) runs in any ONNX runtime, e.g. onnxruntime:

    import onnxruntime
    session = onnxruntime.InferenceSession("model.onnx")
    images = read_idx(folder, "t10k-images-idx3-ubyte").astype(np.float32).reshape(-1, 1, 28, 28)  # raw 0-255
    logits = session.run(["logits"], {"images": images})[0]                                         # [N, 10]
    error = np.mean(logits.argmax(axis=1) != labels)
"""
import gzip
import json
import os
import sys

import numpy as np


def read_idx(folder, name):
    """An MNIST IDX file (plain or .gz) as a uint8 array of its shape."""
    path = os.path.join(folder, name)
    opener = open
    if not os.path.exists(path) and os.path.exists(path + ".gz"):
        path, opener = path + ".gz", gzip.open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def encode(model, images):
    """Area-average downsampling (CrossbarLab's float64 terms, summed in its order), threshold, encoding."""
    pixels = images.reshape(len(images), -1).astype(np.float64)
    indices, weights = model["downsample_indices"], model["downsample_weights"]
    total = weights[0] * pixels[:, indices[0]]
    for t in range(1, len(indices)):
        total = total + weights[t] * pixels[:, indices[t]]
    intensity = (total / model["downsample_denominator"]).astype(np.float32)
    return np.where(intensity >= np.float32(model["threshold"]), np.float32(1), model["input_off"])


def classes(model, inputs, weights):
    """The class of every input: layer by layer z = (a @ W) * gains + offsets; hidden neurons fire when
    z >= -tie_tolerance; the output is the first class whose sum no later class beats by more than the tolerance."""
    tie, off, layers = model["tie_tolerance"], model["input_off"], int(model["layers"])
    a = inputs
    for layer in range(layers):
        z = a @ weights[layer]
        if f"layer{layer}_gains" in model:
            z = z * model[f"layer{layer}_gains"]
        if f"layer{layer}_offsets" in model:
            z = z + model[f"layer{layer}_offsets"]
        if layer + 1 < layers:
            a = np.where(z >= -tie, np.float32(1), off)
    best = np.zeros(len(z), dtype=np.int64)
    for k in range(1, z.shape[1]):
        best = np.where(z[:, k] > z[np.arange(len(z)), best] + tie, k, best)
    return best


def main():
    path = sys.argv[1]
    folder = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("CROSSBARLAB_DATA", "data/mnist")
    model = np.load(path)  # plain arrays only: no pickles are needed
    images = read_idx(folder, "t10k-images-idx3-ubyte")
    labels = read_idx(folder, "t10k-labels-idx1-ubyte")
    inputs = encode(model, images)
    layers = range(int(model["layers"]))
    ideal = [np.where(model["real_layers"][l], model[f"layer{l}_latent"],
                      model[f"layer{l}_binary"].astype(np.float32)) for l in layers]
    error = np.mean(classes(model, inputs, ideal) != labels)
    print(f"ideal: test error {100 * error:.2f} %")
    if "layer0_effective" in model:
        effective = [model[f"layer{l}_effective"] for l in layers]
        error = np.mean(classes(model, inputs, effective) != labels)
        die = json.loads(str(model["metadata"]))["die_name"]
        print(f"{die}: test error {100 * error:.2f} %")


if __name__ == "__main__":
    main()
