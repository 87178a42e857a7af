namespace CrossbarLab.Model;

/// <summary>
/// A binary neural network: latent real weights in [−1, 1] per layer (inputs × outputs, row-major); the network
/// computes with their signs (sign(0) = +1), so a weight is one of {−1, +1}, one differential device pair in hardware.
/// </summary>
public sealed class BinaryNetwork
{
    /// <summary>The shape of the network.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>Latent weights of each layer, inputs × outputs, row-major.</summary>
    public float[][] Weights { get; }

    /// <summary>Creates a network with the given latent weights (checked against the spec).</summary>
    public BinaryNetwork(NetworkSpec spec, float[][] weights)
    {
        spec.Validate();
        var widths = spec.Widths;
        if (weights.Length != spec.LayerCount)
            throw new ArgumentException($"Expected {spec.LayerCount} weight layers, got {weights.Length}.");
        for (int l = 0; l < weights.Length; l++)
            if (weights[l].Length != widths[l] * widths[l + 1])
                throw new ArgumentException($"Layer {l} needs {widths[l]}×{widths[l + 1]} weights, got {weights[l].Length}.");
        Spec = spec;
        Weights = weights;
    }

    /// <summary>A freshly initialised network: latent weights uniform in [−scale, scale], drawn from (seed, "init", layer).</summary>
    public static BinaryNetwork Initialize(NetworkSpec spec, ulong seed, float scale)
    {
        spec.Validate();
        var widths = spec.Widths;
        var weights = new float[spec.LayerCount][];
        for (int l = 0; l < weights.Length; l++)
        {
            var rng = new RandomStream(seed, "init", l);
            var w = weights[l] = new float[widths[l] * widths[l + 1]];
            for (int i = 0; i < w.Length; i++) w[i] = scale * (2f * rng.NextSingle() - 1f);
        }
        return new BinaryNetwork(spec, weights);
    }

    /// <summary>The ±1 weights of layer <paramref name="layer"/> (sign of the latent weights, sign(0) = +1).</summary>
    public float[] BinaryWeights(int layer)
    {
        var w = Weights[layer];
        var b = new float[w.Length];
        Compute.Signs.ToPlusMinusOne(w, b);
        return b;
    }
}
