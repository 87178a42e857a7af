using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Evaluation;

/// <summary>
/// Circuit-level evaluation of a network on a die: every device's own conductance (its spread, its defect, the access
/// transistor), read as <see cref="ColumnReadout"/> describes (column currents, read noise, ADCs); a neuron's value is the
/// sum over its blocks of (positive-column code − negative-column code); hidden neurons fire when it is ≥ 0 (up to the
/// comparator resolution) and the output with the largest value is the class.
/// </summary>
/// <remarks>In the ideal limit (no spread, no read noise, ideal ADC) the result equals the effective-weight evaluation
/// (a test pins this).</remarks>
public sealed class CircuitEvaluator
{
    private readonly DifferentialMapping _mapping;
    private readonly int[] _widths;
    private readonly double[][] _gPos, _gNeg;   // per layer, inputs × outputs: conductance of each weight's devices, siemens
    private readonly ulong _seed;
    private readonly ColumnReadout _readout;

    /// <summary>Prepares the conductances of <paramref name="network"/> programmed onto <paramref name="die"/>.</summary>
    /// <param name="seed">Seed of the read noise (stream (seed, "read-noise", sample)).</param>
    public CircuitEvaluator(BinaryNetwork network, Die die, DifferentialMapping mapping, ulong seed)
    {
        _mapping = mapping; _seed = seed;
        _readout = new ColumnReadout(die.Device, die.Geometry);
        _widths = network.Spec.Widths;
        if (!_widths.SequenceEqual(mapping.Widths)) throw new ArgumentException("The mapping was made for another network shape.");
        int offset = die.Geometry.TileColumns;
        _gPos = new double[_widths.Length - 1][]; _gNeg = new double[_widths.Length - 1][];
        for (int l = 0; l < _gPos.Length; l++)
        {
            var w = network.Weights[l];
            var positive = mapping.PositiveDevices(l);
            _gPos[l] = new double[w.Length]; _gNeg[l] = new double[w.Length];
            for (int k = 0; k < w.Length; k++)
            {
                bool plus = w[k] >= 0f;
                _gPos[l][k] = die.Conductance(positive[k], programmedLow: plus);
                _gNeg[l][k] = die.Conductance(positive[k] + offset, programmedLow: !plus);
            }
        }
    }

    /// <summary>Predicted class of every sample.</summary>
    public int[] Predict(EncodedSet data)
    {
        if (data.Features != _widths[0]) throw new InvalidConfigurationException($"the data has {data.Features} inputs per sample but the network expects {_widths[0]}.");
        var predictions = new int[data.Count];
        Parallel.For(0, data.Count, () => new Workspace(_widths), (s, _, ws) =>
        {
            var values = Evaluate(data.Inputs.AsSpan(s * data.Features, data.Features), s, ws);
            int best = 0;
            for (int k = 1; k < values.Length; k++) if (values[k] > values[best] + _readout.TieTolerance) best = k;
            predictions[s] = best;
            return ws;
        }, _ => { });
        return predictions;
    }

    /// <summary>Fraction of <paramref name="data"/> misclassified, in [0, 1].</summary>
    public double Error(EncodedSet data) => Predictions.ErrorRate(Predict(data), data.Labels);

    private sealed class Workspace(int[] widths)
    {
        public readonly double[][] Activations = widths.Select(w => new double[w]).ToArray();
    }

    /// <summary>The output neurons' values for one input: Σ over blocks of (I₊ − I₋), amperes (after the ADCs, if any).</summary>
    /// <param name="sample">Index of the sample, which keys its read noise.</param>
    public double[] OutputValues(ReadOnlySpan<float> input, int sample) => (double[])Evaluate(input, sample, new Workspace(_widths)).Clone();

    private double[] Evaluate(ReadOnlySpan<float> input, int sample, Workspace ws)
    {
        var rng = _readout.ReadNoise > 0 ? new RandomStream(_seed, "read-noise", sample) : null;
        var a = ws.Activations[0];
        for (int i = 0; i < input.Length; i++) a[i] = input[i];
        for (int l = 0; l < _gPos.Length; l++)
        {
            int outputs = _widths[l + 1];
            var sum = ws.Activations[l + 1];
            Array.Clear(sum);
            foreach (var block in _mapping.Blocks)
            {
                if (block.Layer != l) continue;
                for (int j = block.OutputStart; j < block.OutputStart + block.Outputs; j++)
                {
                    var (iPos, iNeg) = _readout.PairCurrents(a, _gPos[l], _gNeg[l], block.InputStart, block.Inputs, outputs, j, rng);
                    sum[j] += _readout.Difference(iPos, iNeg);
                }
            }
            if (l + 1 < _gPos.Length)
                for (int j = 0; j < outputs; j++) sum[j] = sum[j] >= -_readout.TieTolerance ? 1 : -1;
            a = sum;
        }
        return a;
    }
}
