using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Model;

namespace CrossbarLab.Analysis;

/// <summary>
/// The test loss of a binary network as a function of its latent weights W: the network computes with sign(W), so every
/// point is evaluated by the bit-packed XNOR-popcount path.
/// </summary>
public sealed class LatentLossSurface : ILossSurface
{
    private readonly PackedInference _inference;
    private readonly EncodedSet _data;

    /// <summary>Prepares the surface of <paramref name="network"/> on <paramref name="data"/>.</summary>
    public LatentLossSurface(BinaryNetwork network, EncodedSet data, ICompute compute)
    {
        Origin = network.Weights;
        Columns = network.Spec.Widths[1..];
        _inference = new PackedInference(network, compute);
        _data = data;
    }

    /// <inheritdoc/>
    public float[][] Origin { get; }

    /// <inheritdoc/>
    public int[] Columns { get; }

    /// <inheritdoc/>
    public LossAndError Evaluate(float[][] parameters)
    {
        _inference.Update(parameters);
        return _inference.Evaluate(_data);
    }
}
