using CrossbarLab.Compute;
using CrossbarLab.Data;

namespace CrossbarLab.Model;

/// <summary>
/// Fast inference of a <see cref="BinaryNetwork"/> with ideal (defect-free) weights: every binary layer is an
/// XNOR-popcount product on bit-packed activations and weights; the class is the output with the largest column sum
/// (ties go to the lowest index). Buffers are allocated once, for chunks of up to <see cref="ChunkSize"/> samples.
/// </summary>
/// <remarks>
/// With 0/1 inputs x = (s + 1)/2, s = ±1, so a column sum x·w = (s·w + Σw)/2: the XNOR product of the on-bits plus the
/// column's weight sum, halved, exactly (all integers). A real digital layer runs a float product on the activations.
/// Offsets are added to the column sums before the activation (hidden layers) or the argmax (output layer).
/// </remarks>
public sealed class PackedInference
{
    /// <summary>Samples processed per chunk.</summary>
    public const int ChunkSize = 1024;

    private readonly ICompute _compute;
    private readonly NetworkSpec _spec;
    private readonly int[] _widths;
    private readonly float _outputScale, _off;
    private readonly ulong[][] _packedWeights;     // layer l: outputs × words(inputs), row j = column j of sign(W)
    private readonly float[][] _columnSums;        // layer l: Σ_i sign(W_ij) per output (0/1 encoding only)
    private readonly float[][] _realWeights;       // real digital layers: their latent weights, else empty
    private readonly float[][] _offsets, _gains;
    private readonly float[][] _sums;              // layer l: ChunkSize × outputs
    private readonly ulong[][] _packedActivations; // hidden layer l: ChunkSize × words(outputs)

    /// <summary>Prepares buffers for <paramref name="network"/> and packs its current weights.</summary>
    public PackedInference(BinaryNetwork network, ICompute compute)
    {
        _compute = compute;
        _spec = network.Spec;
        _widths = _spec.Widths;
        _outputScale = _spec.OutputScale;
        _off = _spec.Encoding.Off();
        int layers = _spec.LayerCount;
        _packedWeights = new ulong[layers][];
        _columnSums = new float[layers][];
        _realWeights = new float[layers][];
        _offsets = network.Offsets;
        _gains = network.Gains;
        _sums = new float[layers][];
        _packedActivations = new ulong[layers][];
        for (int l = 0; l < layers; l++)
        {
            _packedWeights[l] = new ulong[_widths[l + 1] * BitPacking.WordsFor(_widths[l])];
            _columnSums[l] = new float[_widths[l + 1]];
            _realWeights[l] = [];
            _sums[l] = new float[ChunkSize * _widths[l + 1]];
            _packedActivations[l] = new ulong[ChunkSize * BitPacking.WordsFor(_widths[l + 1])];
        }
        Update(network);
    }

    /// <summary>Re-packs the weights after they changed (same shape); offsets are read from the network as they are.</summary>
    public void Update(BinaryNetwork network) => Update(network.Weights);

    /// <summary>Packs the signs of <paramref name="latent"/> (per layer, inputs × outputs, the network's shape) as the weights.</summary>
    public void Update(float[][] latent)
    {
        if (latent.Length != _packedWeights.Length) throw new ArgumentException("The weights have another number of layers.");
        for (int l = 0; l < _packedWeights.Length; l++)
        {
            if (_spec.IsReal(l))
            {
                _realWeights[l] = latent[l];
                continue;
            }
            BitPacking.PackColumns(latent[l], _widths[l], _widths[l + 1], _packedWeights[l]);
            if (_spec.Encoding == InputEncoding.ZeroOne) ColumnSigns(latent[l], _widths[l], _widths[l + 1], _columnSums[l]);
        }
    }

    /// <summary>Fraction of <paramref name="data"/> misclassified, in [0, 1].</summary>
    public double Error(EncodedSet data) => (double)CountErrors(data) / data.Count;

    /// <summary>Number of samples of <paramref name="data"/> misclassified.</summary>
    public int CountErrors(EncodedSet data) => Score(data, withLoss: false).Errors;

    /// <summary>Mean softmax cross-entropy and error on <paramref name="data"/>: what a loss landscape plots.</summary>
    public LossAndError Evaluate(EncodedSet data)
    {
        var (loss, errors) = Score(data, withLoss: true);
        return new LossAndError(loss / data.Count, (double)errors / data.Count);
    }

    private (double Loss, int Errors) Score(EncodedSet data, bool withLoss)
    {
        if (data.Features != _widths[0])
            throw new InvalidConfigurationException($"the data has {data.Features} inputs per sample but the network expects {_widths[0]}.");
        if (data.Encoding != _spec.Encoding)
            throw new InvalidConfigurationException($"the data are encoded {data.Encoding} but the network expects {_spec.Encoding}.");
        int errors = 0, classes = _widths[^1];
        double loss = 0;
        for (int start = 0; start < data.Count; start += ChunkSize)
        {
            int n = Math.Min(ChunkSize, data.Count - start);
            var inputs = data.Inputs.AsSpan(start * data.Features, n * data.Features);
            var outputs = Forward(data.Packed.AsSpan(start * data.WordsPerSample, n * data.WordsPerSample), inputs, n);
            for (int i = 0; i < n; i++)
            {
                var sums = outputs.Slice(i * classes, classes);
                int label = data.Labels[start + i];
                if (Signs.ArgMax(sums) != label) errors++;
                if (withLoss) loss += CrossEntropy.Loss(sums, label, _outputScale);
            }
        }
        return (loss, errors);
    }

    /// <summary>Column sums of the output layer for <paramref name="n"/> packed samples (n × classes, valid until the next call).</summary>
    /// <param name="inputs">The same samples as encoded floats; needed only when the first layer has real weights.</param>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<ulong> packedInputs, ReadOnlySpan<float> inputs, int n)
    {
        var packed = packedInputs;
        ReadOnlySpan<float> floats = inputs;
        for (int l = 0; l < _packedWeights.Length; l++)
        {
            int outputs = _widths[l + 1];
            var z = _sums[l].AsSpan(0, n * outputs);
            if (_spec.IsReal(l)) _compute.Gemm(false, false, n, outputs, _widths[l], 1f, floats, _widths[l], _realWeights[l], outputs, 0f, z, outputs);
            else
            {
                _compute.BinaryGemm(packed, n, _packedWeights[l], outputs, _widths[l], z, outputs);
                if (_spec.Encoding == InputEncoding.ZeroOne) HalveWithColumnSums(z, _columnSums[l], n, outputs);
            }
            if (_gains[l].Length > 0) ScaleByGains(z, _gains[l], n, outputs);
            if (_offsets[l].Length > 0) AddOffsets(z, _offsets[l], n, outputs);
            if (l + 1 == _packedWeights.Length) break;
            Signs.Activate(z, z, _off);
            BitPacking.PackRows(z, n, outputs, _packedActivations[l], _spec.Encoding.Middle());
            packed = _packedActivations[l];
            floats = z;
        }
        return _sums[^1].AsSpan(0, n * _widths[^1]);
    }

    /// <summary>Column sums of the output layer for <paramref name="n"/> packed samples of a network whose first layer is binary.</summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<ulong> packedInputs, int n) => Forward(packedInputs, [], n);

    /// <summary>
    /// z = (z_pm + Σw)/2 per output: the 0/1 column sum from the ±1 XNOR product, for <paramref name="samples"/> ×
    /// <paramref name="outputs"/> sums (row-major) or, <paramref name="featureMajor"/>, outputs × samples.
    /// </summary>
    internal static void HalveWithColumnSums(Span<float> z, ReadOnlySpan<float> columnSums, int samples, int outputs, bool featureMajor = false)
    {
        for (int s = 0; s < samples; s++)
            for (int j = 0; j < outputs; j++)
            {
                int at = featureMajor ? j * samples + s : s * outputs + j;
                z[at] = 0.5f * (z[at] + columnSums[j]);
            }
    }

    /// <summary>Adds each output's offset to every row.</summary>
    internal static void AddOffsets(Span<float> z, ReadOnlySpan<float> offsets, int n, int outputs)
    {
        for (int i = 0; i < n; i++) System.Numerics.Tensors.TensorPrimitives.Add(z.Slice(i * outputs, outputs), offsets, z.Slice(i * outputs, outputs));
    }

    /// <summary>Multiplies each output's column by its gain in every row.</summary>
    internal static void ScaleByGains(Span<float> z, ReadOnlySpan<float> gains, int n, int outputs)
    {
        for (int i = 0; i < n; i++) System.Numerics.Tensors.TensorPrimitives.Multiply(z.Slice(i * outputs, outputs), gains, z.Slice(i * outputs, outputs));
    }

    /// <summary>Σ_i sign(W_ij) for every output j of a row-major inputs × outputs matrix.</summary>
    internal static void ColumnSigns(ReadOnlySpan<float> latent, int inputs, int outputs, Span<float> sums)
    {
        sums.Clear();
        for (int i = 0; i < inputs; i++)
        {
            var row = latent.Slice(i * outputs, outputs);
            for (int j = 0; j < outputs; j++) sums[j] += row[j] >= 0f ? 1f : -1f;
        }
    }
}
