namespace CrossbarLab.Model;

/// <summary>
/// A binary neural network: latent real weights in [−1, 1] per layer (inputs × outputs, row-major); the network
/// computes with their signs (sign(0) = +1), so a weight is one of {−1, +1}, one differential device pair in hardware.
/// A digital layer with real weights (<see cref="NetworkSpec.DigitalLayers"/>) computes with the latent weights
/// themselves. With <see cref="NetworkSpec.HasOffsets"/>, every neuron adds a digital offset to its column sum. A deployed
/// network may also scale a layer's column sums by digital per-neuron gains (fitted per die; trained networks have none).
/// </summary>
public sealed class BinaryNetwork
{
    /// <summary>The shape of the network.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>Latent weights of each layer, inputs × outputs, row-major.</summary>
    public float[][] Weights { get; }

    /// <summary>Digital offset of each neuron, per layer (weight units, added to the column sum); empty arrays without offsets.</summary>
    public float[][] Offsets { get; }

    /// <summary>Digital gain of each neuron, per layer (dimensionless, multiplies the column sum before the offset); empty arrays: 1.</summary>
    public float[][] Gains { get; }

    /// <summary>Creates a network with the given latent weights, offsets (default 0) and gains (default none), checked against the spec.</summary>
    public BinaryNetwork(NetworkSpec spec, float[][] weights, float[][]? offsets = null, float[][]? gains = null)
    {
        spec.Validate();
        var widths = spec.Widths;
        if (weights.Length != spec.LayerCount)
            throw new ArgumentException($"Expected {spec.LayerCount} weight layers, got {weights.Length}.");
        for (int l = 0; l < weights.Length; l++)
            if (weights[l].Length != (long)widths[l] * widths[l + 1])
                throw new ArgumentException($"Layer {l} needs {widths[l]}×{widths[l + 1]} weights, got {weights[l].Length}.");
        offsets ??= Enumerable.Range(0, spec.LayerCount).Select(l => new float[spec.HasOffsets ? widths[l + 1] : 0]).ToArray();
        if (offsets.Length != spec.LayerCount)
            throw new ArgumentException($"Expected {spec.LayerCount} offset layers, got {offsets.Length}.");
        for (int l = 0; l < offsets.Length; l++)
            if (offsets[l].Length != (spec.HasOffsets ? widths[l + 1] : 0))
                throw new ArgumentException($"Layer {l} needs {(spec.HasOffsets ? widths[l + 1] : 0)} offsets, got {offsets[l].Length}.");
        gains ??= Enumerable.Range(0, spec.LayerCount).Select(_ => Array.Empty<float>()).ToArray();
        if (gains.Length != spec.LayerCount || gains.Select((g, l) => g.Length is not 0 && g.Length != widths[l + 1]).Any(bad => bad))
            throw new ArgumentException("Gains must be empty or one per neuron, per layer.");
        Spec = spec;
        Weights = weights;
        Offsets = offsets;
        Gains = gains;
    }

    /// <summary>A freshly initialised network: latent weights uniform in [−scale, scale], drawn from (seed, "init", layer); offsets 0.</summary>
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

    /// <summary>Everything training updates: the weights of every layer, then (with offsets) the offsets of every layer.</summary>
    public float[][] Parameters => Spec.HasOffsets ? [.. Weights, .. Offsets] : Weights;

    /// <summary>The ±1 weights of layer <paramref name="layer"/> (sign of the latent weights, sign(0) = +1).</summary>
    public float[] BinaryWeights(int layer)
    {
        var w = Weights[layer];
        var b = new float[w.Length];
        Compute.Signs.ToPlusMinusOne(w, b);
        return b;
    }

    /// <summary>The weights layer <paramref name="layer"/> computes with without defects: ±1, or real for a real digital layer.</summary>
    public float[] IdealWeights(int layer) => Spec.IsReal(layer) ? (float[])Weights[layer].Clone() : BinaryWeights(layer);

    /// <summary>A copy with other latent weights (same spec, offsets and gains).</summary>
    public BinaryNetwork WithWeights(float[][] weights) => new(Spec, weights, Offsets, Gains);

    /// <summary>Whether any layer has gains.</summary>
    public bool HasGains => Gains.Any(g => g.Length > 0);
}
