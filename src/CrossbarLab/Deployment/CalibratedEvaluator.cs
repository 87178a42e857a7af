using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Deployment;

/// <summary>Evaluates a solution on dies after calibrating its offsets on each die (<see cref="OffsetCalibration"/>).</summary>
/// <param name="calibration">The calibration images: training images, never test images.</param>
public sealed class CalibratedEvaluator(ICompute compute, EncodedSet calibration, EvaluationLevel level = EvaluationLevel.EffectiveWeights,
    ulong seed = 1)
{
    private readonly DieEvaluator _evaluator = new(compute, level, seed);

    /// <summary>The solution with offsets calibrated for <paramref name="die"/>.</summary>
    public BinaryNetwork Calibrate(BinaryNetwork network, Die die, DifferentialMapping mapping) =>
        OffsetCalibration.Calibrate(network, _evaluator.Forward(network, die, mapping), calibration, compute);

    /// <summary>Test error (fraction) of <paramref name="network"/>, calibrated on each die, on each die in order.</summary>
    public double[] Errors(BinaryNetwork network, IReadOnlyList<Die> dies, EncodedSet test, IProgress<int>? progress = null)
    {
        var errors = new double[dies.Count];
        DifferentialMapping? mapping = null;
        for (int d = 0; d < dies.Count; d++)
        {
            if (mapping == null || mapping.Geometry != dies[d].Geometry) mapping = EffectiveWeights.Mapping(network.Spec, dies[d].Geometry);
            errors[d] = _evaluator.Error(Calibrate(network, dies[d], mapping), dies[d], mapping, test);
            progress?.Report(d + 1);
        }
        return errors;
    }
}
