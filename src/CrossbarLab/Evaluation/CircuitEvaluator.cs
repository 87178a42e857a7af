using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Evaluation;

/// <summary>
/// Circuit-level evaluation of a network on a die: every device's own conductance (its spread, its defect, the access
/// transistor), read as <see cref="ColumnReadout"/> describes (column currents, read noise, ADCs). An on-die neuron's
/// value is the sum over its blocks of (positive-column code − negative-column code), divided by one healthy weight's
/// current V·(G_on − G_off) so that it is in weight units, plus its digital offset; hidden neurons fire when it is ≥ 0 (up
/// to the comparator resolution) and the output with the largest value is the class. Layers off the die (first-layer
/// placement) are computed digitally and exactly.
/// </summary>
/// <remarks>
/// In the ideal limit (no spread, no read noise, ideal ADC) the result equals the effective-weight evaluation (a test pins
/// this). Read noise is drawn from the stream (seed, "read-noise", sample, layer), so a layer read on its own (a
/// calibration step) sees the same noise as in a whole forward pass.
/// </remarks>
public sealed class CircuitEvaluator : IDieForward
{
    private readonly DifferentialMapping _mapping;
    private readonly NetworkSpec _spec;
    private readonly int[] _widths;
    private readonly double[][] _gPos, _gNeg;   // on-die layer l, inputs × outputs: conductance of each weight's devices, siemens
    private readonly float[][] _digital;         // off-die layer l: its ideal weights
    private readonly float[][] _offsets, _gains;
    private readonly double _unit;               // amperes of one healthy weight at an input of 1: V·(G_on − G_off)
    private readonly float _off;
    private readonly ulong _seed;
    private readonly ColumnReadout _readout;

    /// <summary>Prepares the conductances of <paramref name="network"/> programmed onto <paramref name="die"/>.</summary>
    /// <param name="mapping">The placement of the network's on-die layers.</param>
    /// <param name="seed">Seed of the read noise.</param>
    public CircuitEvaluator(BinaryNetwork network, Die die, DifferentialMapping mapping, ulong seed)
    {
        _mapping = mapping;
        _seed = seed;
        _spec = network.Spec;
        _readout = new ColumnReadout(die.Device, die.Geometry);
        _widths = _spec.Widths;
        _offsets = network.Offsets;
        _gains = network.Gains;
        _off = _spec.Encoding.Off();
        _unit = die.Device.ReadVoltageVolts * (die.Device.OnConductance - die.Device.OffConductance);
        if (!_spec.OnDieWidths.SequenceEqual(mapping.Widths)) throw new ArgumentException("The mapping was made for another network shape.");
        int offset = die.Geometry.TileColumns;
        int layers = _spec.LayerCount;
        _gPos = new double[layers][];
        _gNeg = new double[layers][];
        _digital = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            _digital[l] = l >= _spec.LayersOnDie ? network.IdealWeights(l) : [];
            if (l >= _spec.LayersOnDie) continue;
            var w = network.Weights[l];
            var positive = mapping.PositiveDevices(l);
            _gPos[l] = new double[w.Length];
            _gNeg[l] = new double[w.Length];
            for (int k = 0; k < w.Length; k++)
            {
                bool plus = w[k] >= 0f;
                _gPos[l][k] = die.Conductance(positive[k], programmedLow: plus);
                _gNeg[l][k] = die.Conductance(positive[k] + offset, programmedLow: !plus);
            }
        }
    }

    /// <inheritdoc/>
    public NetworkSpec Spec => _spec;

    /// <summary>Predicted class of every sample.</summary>
    public int[] Predict(EncodedSet data)
    {
        if (data.Features != _widths[0]) throw new InvalidConfigurationException($"the data has {data.Features} inputs per sample but the network expects {_widths[0]}.");
        var predictions = new int[data.Count];
        double tie = Tie(_widths.Length - 2);
        Parallel.For(0, data.Count, () => new Workspace(_widths), (s, _, ws) =>
        {
            var values = Evaluate(data.Inputs.AsSpan(s * data.Features, data.Features), s, ws);
            int best = 0;
            for (int k = 1; k < values.Length; k++) if (values[k] > values[best] + tie) best = k;
            predictions[s] = best;
            return ws;
        }, _ => { });
        return predictions;
    }

    /// <summary>Fraction of <paramref name="data"/> misclassified, in [0, 1].</summary>
    public double Error(EncodedSet data) => Predictions.ErrorRate(Predict(data), data.Labels);

    /// <inheritdoc/>
    public void ColumnSums(int layer, ReadOnlySpan<float> inputs, int n, Span<float> sums, int firstSample)
    {
        int nIn = _widths[layer], nOut = _widths[layer + 1];
        var a = new double[nIn];
        var sum = new double[nOut];
        for (int s = 0; s < n; s++)
        {
            for (int i = 0; i < nIn; i++) a[i] = inputs[s * nIn + i];
            Sums(layer, a, sum, firstSample + s);
            for (int j = 0; j < nOut; j++) sums[s * nOut + j] = (float)sum[j];
        }
    }

    private sealed class Workspace(int[] widths)
    {
        public readonly double[][] Activations = widths.Select(w => new double[w]).ToArray();
    }

    /// <summary>The output neurons' values for one input, in weight units (offsets included).</summary>
    /// <param name="sample">Index of the sample, which keys its read noise.</param>
    public double[] OutputValues(ReadOnlySpan<float> input, int sample) => (double[])Evaluate(input, sample, new Workspace(_widths)).Clone();

    /// <summary>The resolution below which two values tie, in weight units: the ideal comparator's 1e-4 of a weight, 0 for ADC codes on the die.</summary>
    private double Tie(int l) => l < _spec.LayersOnDie ? _readout.TieTolerance / _unit : Compute.Signs.TieTolerance;

    private double[] Evaluate(ReadOnlySpan<float> input, int sample, Workspace ws)
    {
        var a = ws.Activations[0];
        for (int i = 0; i < input.Length; i++) a[i] = input[i];
        for (int l = 0; l < _gPos.Length; l++)
        {
            int outputs = _widths[l + 1];
            var sum = ws.Activations[l + 1];
            Sums(l, a, sum, sample);
            if (_gains[l].Length > 0) for (int j = 0; j < outputs; j++) sum[j] *= _gains[l][j];
            if (_offsets[l].Length > 0) for (int j = 0; j < outputs; j++) sum[j] += _offsets[l][j];
            if (l + 1 == _gPos.Length) break;
            double tie = Tie(l);
            for (int j = 0; j < outputs; j++) sum[j] = sum[j] >= -tie ? 1 : _off;
            a = sum;
        }
        return ws.Activations[^1];
    }

    /// <summary>Layer <paramref name="l"/>'s column sums in weight units, without offsets: read on the die, or computed digitally.</summary>
    private void Sums(int l, double[] a, double[] sum, int sample)
    {
        int inputs = _widths[l], outputs = _widths[l + 1];
        Array.Clear(sum);
        if (l >= _spec.LayersOnDie)
        {
            var w = _digital[l];
            for (int i = 0; i < inputs; i++)
                for (int j = 0; j < outputs; j++) sum[j] += a[i] * w[i * outputs + j];
            return;
        }
        var rng = _readout.ReadNoise > 0 ? new RandomStream(_seed, "read-noise", sample, l) : null;
        foreach (var block in _mapping.Blocks)
        {
            if (block.Layer != l) continue;
            for (int j = block.OutputStart; j < block.OutputStart + block.Outputs; j++)
            {
                var (iPos, iNeg) = _readout.PairCurrents(a, _gPos[l], _gNeg[l], block.InputStart, block.Inputs, outputs, j, rng);
                sum[j] += _readout.Difference(iPos, iNeg);
            }
        }
        for (int j = 0; j < outputs; j++) sum[j] /= _unit;
    }
}
