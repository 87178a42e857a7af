using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Training;

/// <summary>
/// The plain implementation of the double batch, kept as the oracle for <see cref="Backprop"/>'s sparse fast path and as
/// the "dense" benchmark row: for every instance k it builds the dense W_eff,k, runs a full float forward and backward
/// pass with it, masks the gradient at the instance's defective cells and accumulates; K dense products per layer. It
/// follows every switch of the network (0/1 encoding, offsets, real digital layers) in the most direct way.
/// </summary>
internal sealed class DenseDoubleBatch
{
    private readonly ICompute _compute;
    private readonly NetworkSpec _spec;
    private readonly int[] _widths;
    private readonly float _outputScale, _off;
    private readonly float[] _steScale, _steBound;
    private readonly float[][] _z, _act, _dz, _da, _grad;

    /// <summary>Allocates buffers for batches of up to <paramref name="maxBatch"/>.</summary>
    public DenseDoubleBatch(NetworkSpec spec, int maxBatch, float steWindow, ICompute compute)
    {
        _compute = compute;
        _spec = spec;
        _widths = spec.Widths;
        _outputScale = spec.OutputScale;
        _off = spec.Encoding.Off();
        int layers = spec.LayerCount;
        // The straight-through slope: c, halved for 0/1 outputs ((hardtanh + 1)/2).
        float half = spec.Encoding == InputEncoding.ZeroOne ? 0.5f : 1f;
        _steScale = Enumerable.Range(0, layers).Select(l => half / (steWindow * MathF.Sqrt(_widths[l]))).ToArray();
        _steBound = Enumerable.Range(0, layers).Select(l => steWindow * MathF.Sqrt(_widths[l]) + Signs.TieTolerance).ToArray();
        _z = Enumerable.Range(0, layers).Select(l => new float[maxBatch * _widths[l + 1]]).ToArray();
        _act = Enumerable.Range(0, layers).Select(l => new float[maxBatch * _widths[l + 1]]).ToArray();
        _dz = Enumerable.Range(0, layers).Select(l => new float[maxBatch * _widths[l + 1]]).ToArray();
        _da = Enumerable.Range(0, layers).Select(l => new float[maxBatch * _widths[l]]).ToArray();
        _grad = Enumerable.Range(0, layers).Select(l => new float[_widths[l] * _widths[l + 1]]).ToArray();
    }

    /// <summary>Gradient of the mean loss over samples × instances into <paramref name="gradients"/>; returns summed loss and errors.</summary>
    public (double LossSum, int Errors) Run(float[][] latent, ReadOnlySpan<float> inputs, ReadOnlySpan<byte> labels, int batch,
        IReadOnlyList<CellDefects> instances, float[][] gradients) =>
        Run(new BinaryNetwork(_spec, latent), inputs, labels, batch, instances, gradients);

    /// <summary>As the other overload, for a network with offsets (whose gradients follow the weights' in <paramref name="gradients"/>).</summary>
    public (double LossSum, int Errors) Run(BinaryNetwork network, ReadOnlySpan<float> inputs, ReadOnlySpan<byte> labels, int batch,
        IReadOnlyList<CellDefects> instances, float[][] gradients)
    {
        int k = instances.Count, layers = network.Weights.Length, classes = _widths[^1];
        foreach (var g in gradients) Array.Clear(g);
        double loss = 0;
        int errors = 0;
        float invRows = 1f / (k * batch);
        bool offsets = _spec.HasOffsets;
        foreach (var instance in instances)
        {
            var w = instance.EffectiveWeights(network.Weights);
            for (int l = 0; l < layers; l++)
                if (_spec.IsReal(l)) w[l] = (float[])network.Weights[l].Clone();
            for (int l = 0; l < layers; l++)
            {
                ReadOnlySpan<float> a = l == 0 ? inputs : _act[l - 1];
                _compute.Gemm(false, false, batch, _widths[l + 1], _widths[l], 1f, a, _widths[l], w[l], _widths[l + 1], 0f, _z[l], _widths[l + 1]);
                if (offsets) PackedInference.AddOffsets(_z[l].AsSpan(0, batch * _widths[l + 1]), network.Offsets[l], batch, _widths[l + 1]);
                if (l + 1 < layers) Signs.Activate(_z[l].AsSpan(0, batch * _widths[l + 1]), _act[l], _off);
            }
            for (int b = 0; b < batch; b++)
            {
                var z = _z[^1].AsSpan(b * classes, classes);
                if (Signs.ArgMax(z) != labels[b]) errors++;
                double max = double.NegativeInfinity;
                for (int c = 0; c < classes; c++) max = Math.Max(max, _outputScale * z[c]);
                double sum = 0;
                for (int c = 0; c < classes; c++) sum += Math.Exp(_outputScale * z[c] - max);
                loss += Math.Log(sum) + max - _outputScale * z[labels[b]];
                for (int c = 0; c < classes; c++)
                    _dz[^1][b * classes + c] = _outputScale * invRows * ((float)(Math.Exp(_outputScale * z[c] - max) / sum) - (c == labels[b] ? 1f : 0f));
            }
            for (int l = layers - 1; l >= 0; l--)
            {
                int nIn = _widths[l], nOut = _widths[l + 1];
                ReadOnlySpan<float> a = l == 0 ? inputs : _act[l - 1];
                _compute.Gemm(true, false, nIn, nOut, batch, 1f, a, nIn, _dz[l], nOut, 0f, _grad[l], nOut);
                foreach (int cell in instance.Layers[l].Cells) _grad[l][cell] = 0f; // defective cells are fixed
                System.Numerics.Tensors.TensorPrimitives.Add(gradients[l], _grad[l], gradients[l]);
                if (offsets)
                    for (int b = 0; b < batch; b++)
                        for (int j = 0; j < nOut; j++) gradients[layers + l][j] += _dz[l][b * nOut + j];
                if (l == 0) break;
                _compute.Gemm(false, true, batch, nIn, nOut, 1f, _dz[l], nOut, w[l], nOut, 0f, _da[l], nIn);
                float c = _steScale[l - 1], bound = _steBound[l - 1];
                for (int i = 0; i < batch * nIn; i++) _dz[l - 1][i] = MathF.Abs(_z[l - 1][i]) <= bound ? c * _da[l][i] : 0f;
            }
        }
        return (loss, errors);
    }
}
