using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Evaluation;

/// <summary>
/// Circuit-level evaluation of a network on a die. Each input of ±1 drives its row line at ±V (ReadVoltage); each column
/// current is Σ V·a·G over the block's rows, with every device's own conductance (its spread, its defect, the access
/// transistor) and, per read, relative Gaussian read noise; each column's ADC digitises its current; a neuron's value is
/// the sum over its blocks of (positive-column code − negative-column code); hidden neurons fire when it is ≥ 0 and the
/// output with the largest value is the class.
/// </summary>
/// <remarks>
/// ADC: bipolar, full scale ±TileRows·V·G_on (every row of a tile driving a healthy low-state device), AdcBits bits,
/// round to nearest, clipped — a column with shorts can saturate. With AdcBits = 0 the sense stage is ideal, apart from a
/// comparator resolution of 1e-4 of one weight's current that resolves ties to +1 as sign(0) = +1 does. In that ideal limit, with
/// no spread and no read noise, the result equals the effective-weight evaluation (a test pins this). Not modelled: wire
/// resistance, amplifier offsets and gain errors, ADC non-linearity.
/// </remarks>
public sealed class CircuitEvaluator
{
    private readonly Die _die;
    private readonly DifferentialMapping _mapping;
    private readonly int[] _widths;
    private readonly double[][] _gPos, _gNeg;   // per layer, inputs × outputs: conductance of each weight's devices, siemens
    private readonly ulong _seed;

    /// <summary>Prepares the conductances of <paramref name="network"/> programmed onto <paramref name="die"/>.</summary>
    /// <param name="seed">Seed of the read noise (stream (seed, "read-noise", sample)).</param>
    public CircuitEvaluator(BinaryNetwork network, Die die, DifferentialMapping mapping, ulong seed)
    {
        _die = die; _mapping = mapping; _seed = seed;
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
            for (int k = 1; k < values.Length; k++) if (values[k] > values[best] + TieTolerance) best = k;
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

    /// <summary>Comparator resolution of the ideal sense stage (amperes): differences below <see cref="Compute.Signs.TieTolerance"/>
    /// of one healthy weight's current, V·(G_on − G_off), count as ties, as in the effective-weight evaluation.</summary>
    private double TieTolerance => _die.Geometry.AdcBits == 0
        ? Compute.Signs.TieTolerance * _die.Device.ReadVoltage * (_die.Device.OnConductance - _die.Device.OffConductance) : 0;

    private double[] Evaluate(ReadOnlySpan<float> input, int sample, Workspace ws)
    {
        var device = _die.Device;
        var geometry = _die.Geometry;
        double v = device.ReadVoltage, noise = device.ReadNoise;
        double fullScale = geometry.TileRows * v * device.OnConductance;
        int bits = geometry.AdcBits;
        double lsb = bits == 0 ? 0 : fullScale / (1L << (bits - 1));
        double maxCode = bits == 0 ? 0 : (1L << (bits - 1)) - 1, minCode = bits == 0 ? 0 : -(1L << (bits - 1));
        var rng = noise > 0 ? new RandomStream(_seed, "read-noise", sample) : null;
        double tie = TieTolerance;

        var a = ws.Activations[0];
        for (int i = 0; i < input.Length; i++) a[i] = input[i];
        for (int l = 0; l < _gPos.Length; l++)
        {
            int outputs = _widths[l + 1];
            var sum = ws.Activations[l + 1];
            Array.Clear(sum);
            var gPos = _gPos[l]; var gNeg = _gNeg[l];
            foreach (var block in _mapping.Blocks)
            {
                if (block.Layer != l) continue;
                for (int j = block.OutputStart; j < block.OutputStart + block.Outputs; j++)
                {
                    double iPos = 0, iNeg = 0;
                    for (int i = block.InputStart; i < block.InputStart + block.Inputs; i++)
                    {
                        double vi = v * a[i];
                        double gp = gPos[i * outputs + j], gn = gNeg[i * outputs + j];
                        if (rng != null) { gp *= 1 + noise * rng.NextGaussian(); gn *= 1 + noise * rng.NextGaussian(); }
                        iPos += vi * gp; iNeg += vi * gn;
                    }
                    sum[j] += bits == 0 ? iPos - iNeg
                        : lsb * (Math.Clamp(Math.Round(iPos / lsb), minCode, maxCode) - Math.Clamp(Math.Round(iNeg / lsb), minCode, maxCode));
                }
            }
            if (l + 1 < _gPos.Length)
                for (int j = 0; j < outputs; j++) sum[j] = sum[j] >= -tie ? 1 : -1;
            a = sum;
        }
        return a;
    }
}
