using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Evaluation;
using CrossbarLab.Model;

namespace CrossbarLab.Deployment;

/// <summary>
/// Per-die offset calibration, the map-free step analog chips commonly get per chip: run calibration images (from the
/// training set, never the test set) through the die, and give each on-die neuron the digital offset that makes its mean
/// column sum over those images equal the ideal network's. Layers are calibrated in order, each on the die's own
/// (calibrated) outputs of the layer before, so a shift that a layer passes on is corrected where it lands.
/// </summary>
/// <remarks>
/// It needs only what the die reports (column outputs), not its defect map. With N calibration images the mean of a
/// column sum is known to σ_z/√N; hidden sums of the 100-90-10 network spread over σ_z ≈ 5–10 weight units, so N = 1,000
/// pins each offset to about 0.2–0.3 units, well below one short (≈ 6 units), at a cost of N reads per die.
/// </remarks>
public static class OffsetCalibration
{
    /// <summary>Calibration images used when none are asked for (see the remarks for why 1,000).</summary>
    public const int DefaultImages = 1000;

    /// <summary>
    /// The network with offsets calibrated for the die <paramref name="die"/> runs it on (the die built from
    /// <paramref name="network"/>): on-die neurons get offset − (mean die sum − mean ideal sum); digital layers keep theirs.
    /// </summary>
    public static BinaryNetwork Calibrate(BinaryNetwork network, IDieForward die, EncodedSet calibration, ICompute compute)
    {
        var spec = network.Spec;
        var ideal = EffectiveDieForward.Ideal(network, compute);
        var offsets = Enumerable.Range(0, spec.LayerCount)
            .Select(l => network.Offsets[l].Length > 0 ? (float[])network.Offsets[l].Clone() : new float[spec.Widths[l + 1]]).ToArray();
        var calibrated = new BinaryNetwork(spec with { Offsets = true }, network.Weights, offsets, network.Gains);
        int n = calibration.Count;
        float[] idealInputs = calibration.Inputs, dieInputs = calibration.Inputs;
        for (int l = 0; l < spec.LayersOnDie; l++)
        {
            int outputs = spec.Widths[l + 1];
            var idealValues = ideal.Values(network, l, idealInputs, n);
            var dieValues = die.Values(calibrated, l, dieInputs, n);
            for (int j = 0; j < outputs; j++)
            {
                double sumDie = 0, sumIdeal = 0;
                for (int s = 0; s < n; s++)
                {
                    sumDie += dieValues[s * outputs + j];
                    sumIdeal += idealValues[s * outputs + j];
                }
                float shift = (float)((sumDie - sumIdeal) / n);
                offsets[l][j] -= shift;
                for (int s = 0; s < n; s++) dieValues[s * outputs + j] -= shift;
            }
            if (l + 1 == spec.LayerCount) break;
            idealInputs = LayerValues.Fire(idealValues, spec.Encoding);
            dieInputs = LayerValues.Fire(dieValues, spec.Encoding);
        }
        return calibrated;
    }
}
