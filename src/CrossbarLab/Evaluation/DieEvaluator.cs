using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Evaluation;

/// <summary>How a solution is evaluated on a die.</summary>
public enum EvaluationLevel
{
    /// <summary>Effective weights (the die's defects, nominal devices), float products: fast.</summary>
    EffectiveWeights,
    /// <summary>Column currents from every device's conductance, read noise and the ADC (<see cref="CircuitEvaluator"/>).</summary>
    Circuit,
}

/// <summary>Evaluates networks on dies: the test error of one network on each die, and the cross-die matrix of several.</summary>
public sealed class DieEvaluator
{
    private readonly ICompute _compute;
    private readonly EvaluationLevel _level;
    private readonly ulong _seed;

    /// <summary>Creates an evaluator; <paramref name="seed"/> keys the read noise of the circuit level.</summary>
    public DieEvaluator(ICompute compute, EvaluationLevel level = EvaluationLevel.EffectiveWeights, ulong seed = 1)
    {
        _compute = compute; _level = level; _seed = seed;
    }

    /// <summary>Test error (fraction) of <paramref name="network"/> on each die, in die order.</summary>
    /// <remarks>On a backend that evaluates many dies at once (<see cref="IMultiDieEvaluator"/>) the effective-weight
    /// level runs every die in one go, and progress is reported once, when all are done.</remarks>
    public double[] Errors(BinaryNetwork network, IReadOnlyList<Die> dies, EncodedSet test, IProgress<int>? progress = null)
    {
        if (_level == EvaluationLevel.EffectiveWeights && _compute is IMultiDieEvaluator many && dies.Count > 0)
            return AllAtOnce(many, network, dies, test, progress);
        var errors = new double[dies.Count];
        DifferentialMapping? mapping = null;
        for (int d = 0; d < dies.Count; d++)
        {
            if (mapping == null || mapping.Geometry != dies[d].Geometry) mapping = EffectiveWeights.Mapping(network.Spec, dies[d].Geometry);
            errors[d] = Error(network, dies[d], mapping, test);
            progress?.Report(d + 1);
        }
        return errors;
    }

    private static double[] AllAtOnce(IMultiDieEvaluator evaluator, BinaryNetwork network, IReadOnlyList<Die> dies,
        EncodedSet test, IProgress<int>? progress)
    {
        var weights = new float[dies.Count][][];
        DifferentialMapping? mapping = null;
        for (int d = 0; d < dies.Count; d++)
        {
            if (mapping == null || mapping.Geometry != dies[d].Geometry)
                mapping = EffectiveWeights.Mapping(network.Spec, dies[d].Geometry);
            weights[d] = EffectiveWeights.For(network, dies[d], mapping);
        }
        var wrong = evaluator.Errors(weights, network.Spec.Widths, network.Offsets, network.Gains, test);
        progress?.Report(dies.Count);
        // The same fraction DenseEvaluator.Error gives: misclassified over samples.
        return wrong.Select(e => (double)e / test.Count).ToArray();
    }

    /// <summary>How this evaluator's level runs <paramref name="network"/> on <paramref name="die"/>, layer by layer.</summary>
    public IDieForward Forward(BinaryNetwork network, Die die, DifferentialMapping mapping) => _level switch
    {
        EvaluationLevel.Circuit => new CircuitEvaluator(network, die, mapping, _seed),
        _ => new EffectiveDieForward(network.Spec, EffectiveWeights.For(network, die, mapping), _compute),
    };

    /// <summary>Test error of <paramref name="network"/> on one die.</summary>
    public double Error(BinaryNetwork network, Die die, DifferentialMapping mapping, EncodedSet test) => _level switch
    {
        EvaluationLevel.Circuit => new CircuitEvaluator(network, die, mapping, _seed).Error(test),
        _ => new DenseEvaluator(_compute).Error(EffectiveWeights.For(network, die, mapping), network.Spec.Widths, test, network.Offsets, network.Gains),
    };

    /// <summary>The cross-die matrix: row i is solution i, column j die j.</summary>
    public double[][] Matrix(IReadOnlyList<BinaryNetwork> solutions, IReadOnlyList<Die> dies, EncodedSet test, IProgress<int>? progress = null)
    {
        var matrix = new double[solutions.Count][];
        for (int i = 0; i < solutions.Count; i++)
        {
            matrix[i] = Errors(solutions[i], dies, test);
            progress?.Report(i + 1);
        }
        return matrix;
    }
}
