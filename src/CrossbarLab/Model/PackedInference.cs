using CrossbarLab.Compute;
using CrossbarLab.Data;

namespace CrossbarLab.Model;

/// <summary>
/// Fast inference of a <see cref="BinaryNetwork"/> with ideal (defect-free) binary weights: every layer is an
/// XNOR-popcount product on bit-packed ±1 activations and weights; the class is the output with the largest column sum
/// (ties go to the lowest index). Buffers are allocated once, for chunks of up to <see cref="ChunkSize"/> samples.
/// </summary>
public sealed class PackedInference
{
    /// <summary>Samples processed per chunk.</summary>
    public const int ChunkSize = 1024;

    private readonly ICompute _compute;
    private readonly int[] _widths;
    private readonly float _outputScale;
    private readonly ulong[][] _packedWeights;   // layer l: outputs × words(inputs), row j = column j of sign(W)
    private readonly float[][] _sums;            // layer l: ChunkSize × outputs
    private readonly ulong[][] _packedActivations; // hidden layer l: ChunkSize × words(outputs)

    /// <summary>Prepares buffers for <paramref name="network"/> and packs its current weights.</summary>
    public PackedInference(BinaryNetwork network, ICompute compute)
    {
        _compute = compute;
        _widths = network.Spec.Widths;
        _outputScale = network.Spec.OutputScale;
        int layers = network.Spec.LayerCount;
        _packedWeights = new ulong[layers][];
        _sums = new float[layers][];
        _packedActivations = new ulong[layers][];
        for (int l = 0; l < layers; l++)
        {
            _packedWeights[l] = new ulong[_widths[l + 1] * BitPacking.WordsFor(_widths[l])];
            _sums[l] = new float[ChunkSize * _widths[l + 1]];
            _packedActivations[l] = new ulong[ChunkSize * BitPacking.WordsFor(_widths[l + 1])];
        }
        Update(network);
    }

    /// <summary>Re-packs the weights after they changed (same shape).</summary>
    public void Update(BinaryNetwork network) => Update(network.Weights);

    /// <summary>Packs the signs of <paramref name="latent"/> (per layer, inputs × outputs, the network's shape) as the weights.</summary>
    public void Update(float[][] latent)
    {
        if (latent.Length != _packedWeights.Length) throw new ArgumentException("The weights have another number of layers.");
        for (int l = 0; l < _packedWeights.Length; l++)
            BitPacking.PackColumns(latent[l], _widths[l], _widths[l + 1], _packedWeights[l]);
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
        int errors = 0, classes = _widths[^1];
        double loss = 0;
        for (int start = 0; start < data.Count; start += ChunkSize)
        {
            int n = Math.Min(ChunkSize, data.Count - start);
            var outputs = Forward(data.Packed.AsSpan(start * data.WordsPerSample, n * data.WordsPerSample), n);
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
    public ReadOnlySpan<float> Forward(ReadOnlySpan<ulong> packedInputs, int n)
    {
        var input = packedInputs;
        for (int l = 0; l < _packedWeights.Length; l++)
        {
            int outputs = _widths[l + 1];
            _compute.BinaryGemm(input, n, _packedWeights[l], outputs, _widths[l], _sums[l], outputs);
            if (l + 1 == _packedWeights.Length) break;
            BitPacking.PackRows(_sums[l].AsSpan(0, n * outputs), n, outputs, _packedActivations[l]);
            input = _packedActivations[l];
        }
        return _sums[^1].AsSpan(0, n * _widths[^1]);
    }
}
