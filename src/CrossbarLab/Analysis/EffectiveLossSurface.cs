using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Evaluation;
using CrossbarLab.Model;

namespace CrossbarLab.Analysis;

/// <summary>
/// The test loss of a binary network as a function of the real-valued effective weights an array applies, around the
/// ideal ±1 weights sign(W): the space in which defects and conductance variation perturb a programmed network.
/// </summary>
public sealed class EffectiveLossSurface : ILossSurface
{
    private readonly DenseEvaluator _evaluator;
    private readonly EncodedSet _data;
    private readonly int[] _widths;
    private readonly float _outputScale;

    /// <summary>Prepares the surface of <paramref name="network"/> on <paramref name="data"/>.</summary>
    public EffectiveLossSurface(BinaryNetwork network, EncodedSet data, ICompute compute)
    {
        Origin = Enumerable.Range(0, network.Spec.LayerCount).Select(network.BinaryWeights).ToArray();
        _widths = network.Spec.Widths;
        Columns = _widths[1..];
        _outputScale = network.Spec.OutputScale;
        _evaluator = new DenseEvaluator(compute);
        _data = data;
    }

    /// <inheritdoc/>
    public float[][] Origin { get; }

    /// <inheritdoc/>
    public int[] Columns { get; }

    /// <inheritdoc/>
    public LossAndError Evaluate(float[][] parameters) => _evaluator.Evaluate(parameters, _widths, _data, _outputScale);
}
