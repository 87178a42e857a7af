using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Model;

namespace CrossbarLab.Training;

/// <summary>How the forward pass treats weights and activations.</summary>
public enum ForwardMode
{
    /// <summary>The real network: sign(W) and sign activations, computed by XNOR-popcount; the backward pass uses the straight-through estimator.</summary>
    Binary,
    /// <summary>The relaxed network the straight-through estimator differentiates: latent W and hardtanh activations. Its gradient is exact, which is what gradient checks test.</summary>
    Relaxed,
}

/// <summary>
/// Forward and backward pass of one minibatch over K defect instances (the double batch), every buffer allocated once.
/// </summary>
/// <remarks>
/// Layer l computes z = a·q(W) with a the ±1 inputs (batch × in) and q(W) = sign(W) (in × out). Hidden outputs are sign(z);
/// the output layer's logits are OutputScale·z, fed to softmax cross-entropy, averaged over samples × instances.
/// Backward, with c = 1/(window·√in): the straight-through estimator passes ∂L/∂a·c where |c·z| ≤ 1 (up to
/// <see cref="Signs.TieTolerance"/>) and blocks it elsewhere, and passes ∂L/∂q(W) unchanged to the latent W (which stays in [−1, 1]).
/// <para>Defects are sparse, so instance k's effective weights are sign(W) + D_k with D_k nonzero only at its defective
/// cells: the first layer's product X·sign(W) is computed once (XNOR-popcount) and each instance adds X[:, i]·d at its
/// cells; deeper layers, whose inputs differ per instance, run one product over all K·batch rows plus the same sparse
/// corrections. The weight gradient Σ_k aₖᵀδₖ ⊙ (1 − Mₖ) — a defective cell is fixed, so it gets no gradient from an
/// instance in which it is defective — is one product Xᵀ(Σₖ δₖ) for the first layer, minus sparse corrections at the
/// defective cells. Sums over instances are pairwise, so K identical clean instances (K a power of two) give exactly the
/// software gradient.</para>
/// </remarks>
public sealed class Backprop
{
    private readonly ICompute _compute;
    private readonly int[] _widths;
    private readonly float _outputScale;
    private readonly float[] _steScale, _steBound;
    private readonly float[][] _qW, _z, _act, _dz, _da, _gradParts;
    private readonly ulong[][] _packedW, _packedAct;
    private readonly float[] _probs, _dzSum, _inputsT;
    private readonly SparseCorrections _sparse;
    private float[][] _latent = [];

    /// <summary>Largest batch the buffers hold.</summary>
    public int MaxBatch { get; }

    /// <summary>Largest number of defect instances per step the buffers hold.</summary>
    public int MaxInstances { get; }

    /// <summary>The forward mode (binary for training, relaxed for gradient checks).</summary>
    public ForwardMode Mode { get; }

    /// <summary>Allocates the buffers for <paramref name="spec"/>, batches of up to <paramref name="maxBatch"/> and up to <paramref name="maxInstances"/> defect instances.</summary>
    /// <param name="steWindow">Half-width of the straight-through window in units of √fan-in.</param>
    public Backprop(NetworkSpec spec, int maxBatch, float steWindow, ICompute compute, ForwardMode mode = ForwardMode.Binary, int maxInstances = 1)
    {
        _compute = compute;
        _widths = spec.Widths;
        _outputScale = spec.OutputScale;
        MaxBatch = maxBatch; MaxInstances = maxInstances; Mode = mode;
        int layers = spec.LayerCount, rows = maxBatch * maxInstances;
        _steScale = new float[layers]; _steBound = new float[layers];
        _qW = new float[layers][]; _z = new float[layers][]; _act = new float[layers][]; _dz = new float[layers][]; _da = new float[layers][];
        _packedW = new ulong[layers][]; _packedAct = new ulong[layers][]; _gradParts = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            int inputs = _widths[l], outputs = _widths[l + 1];
            _steScale[l] = 1f / (steWindow * MathF.Sqrt(inputs));
            // |c·z| ≤ 1 as |z| ≤ window·√in, widened by the tie tolerance so that sums on the edge up to rounding pass.
            _steBound[l] = steWindow * MathF.Sqrt(inputs) + Signs.TieTolerance;
            _qW[l] = new float[inputs * outputs];
            _packedW[l] = new ulong[outputs * BitPacking.WordsFor(inputs)];
            _z[l] = new float[rows * outputs];
            _act[l] = new float[rows * outputs];
            _packedAct[l] = new ulong[rows * BitPacking.WordsFor(outputs)];
            _dz[l] = new float[rows * outputs];
            _da[l] = l == 0 ? [] : new float[rows * inputs];
            _gradParts[l] = l == 0 || maxInstances == 1 ? [] : new float[maxInstances * inputs * outputs];
        }
        _probs = new float[rows * _widths[^1]];
        _dzSum = maxInstances == 1 ? [] : new float[rows * _widths[1]];
        _sparse = new SparseCorrections(maxBatch, _widths.Max());
        _inputsT = new float[maxBatch * _widths[0]];
    }

    /// <summary>Quantises and packs the latent weights; call after every update and before <see cref="Run(ReadOnlySpan{float}, ReadOnlySpan{ulong}, ReadOnlySpan{byte}, int, float[][])"/>.</summary>
    public void SetWeights(float[][] latent)
    {
        _latent = latent;
        for (int l = 0; l < _qW.Length; l++)
        {
            var w = latent[l]; var q = _qW[l];
            if (Mode == ForwardMode.Relaxed) { w.AsSpan().CopyTo(q); continue; }
            Signs.ToPlusMinusOne(w, q);
            BitPacking.PackColumns(q, _widths[l], _widths[l + 1], _packedW[l]);
        }
    }

    /// <summary>One minibatch without defects: forward, loss, backward. See the overload with instances.</summary>
    public (double LossSum, int Errors) Run(ReadOnlySpan<float> inputs, ReadOnlySpan<ulong> packedInputs, ReadOnlySpan<byte> labels, int batch, float[][] gradients) =>
        Run(inputs, packedInputs, labels, batch, [], gradients);

    /// <summary>
    /// Runs one minibatch on every defect instance (none = one clean instance): forward, loss, backward. Writes
    /// ∂(mean loss over samples × instances)/∂W into <paramref name="gradients"/> (overwritten) and returns the summed loss
    /// and the number of misclassified (sample, instance) pairs.
    /// </summary>
    public (double LossSum, int Errors) Run(ReadOnlySpan<float> inputs, ReadOnlySpan<ulong> packedInputs, ReadOnlySpan<byte> labels, int batch,
        ReadOnlySpan<CellDefects> instances, float[][] gradients)
    {
        if (batch > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), $"Batch {batch} exceeds the workspace's {MaxBatch}.");
        int k = Math.Max(1, instances.Length);
        if (k > MaxInstances) throw new ArgumentOutOfRangeException(nameof(instances), $"{k} instances exceed the workspace's {MaxInstances}.");
        if (Mode == ForwardMode.Relaxed && instances.Length > 0) throw new InvalidOperationException("The relaxed mode is for gradient checks and takes no defects.");
        int rows = k * batch, last = _qW.Length - 1;
        // The first layer's input is the same for every instance: transpose it once for all their sparse corrections.
        if (instances.Length > 0) SparseCorrections.Transpose(inputs[..(batch * _widths[0])], batch, _widths[0], _inputsT);
        Forward(inputs, packedInputs, batch, instances);
        var (loss, errors) = SoftmaxCrossEntropy(labels, batch, rows);

        for (int l = last; l >= 0; l--)
        {
            int nIn = _widths[l], nOut = _widths[l + 1];
            if (l == 0) FirstLayerGradient(inputs, batch, k, gradients[0]);
            else if (k == 1) _compute.Gemm(true, false, nIn, nOut, batch, 1f, _act[l - 1], nIn, _dz[l], nOut, 0f, gradients[l], nOut);
            else
            {
                // One product per instance, then a pairwise sum, so equal instances add up exactly.
                int size = nIn * nOut;
                for (int i = 0; i < k; i++)
                    _compute.Gemm(true, false, nIn, nOut, batch, 1f, _act[l - 1].AsSpan(i * batch * nIn), nIn, _dz[l].AsSpan(i * batch * nOut), nOut, 0f, _gradParts[l].AsSpan(i * size, size), nOut);
                PairwiseSum(_gradParts[l], k, size);
                _gradParts[l].AsSpan(0, size).CopyTo(gradients[l]);
            }
            if (instances.Length == 1)
                foreach (int cell in instances[0].Layers[l].Cells) gradients[l][cell] = 0f; // exactly: a fixed cell never moves
            else
                for (int i = 0; i < instances.Length; i++)
                    _sparse.SubtractAtCells(InputT(l, i, batch), _dz[l].AsSpan(i * batch * nOut), batch, nOut, instances[i].Layers[l], gradients[l]);
            if (l == 0) break;
            // ∂L/∂a_{l−1} = ∂L/∂z_l · W_effᵀ = ∂L/∂z_l · q(W_l)ᵀ + sparse corrections, then through the activation of layer l−1.
            _compute.Gemm(false, true, rows, nIn, nOut, 1f, _dz[l], nOut, _qW[l], nOut, 0f, _da[l], nIn);
            for (int i = 0; i < instances.Length; i++)
                _sparse.Add(_sparse.TransposeToScratch(_dz[l].AsSpan(i * batch * nOut), batch, nOut), nOut, _da[l].AsSpan(i * batch * nIn), nIn, batch, instances[i].Layers[l], _latent[l], transpose: true);
            ActivationBackward(l - 1, rows);
        }
        return (loss, errors);
    }

    /// <summary>Layer l's input for instance i, transposed (width × batch): the shared Xᵀ for the first layer.</summary>
    private ReadOnlySpan<float> InputT(int l, int i, int batch) => l == 0
        ? _inputsT.AsSpan(0, batch * _widths[0])
        : _sparse.TransposeToScratch(_act[l - 1].AsSpan(i * batch * _widths[l], batch * _widths[l]), batch, _widths[l]);

    private void FirstLayerGradient(ReadOnlySpan<float> inputs, int batch, int k, float[] gradient)
    {
        int nIn = _widths[0], nOut = _widths[1];
        ReadOnlySpan<float> dz = _dz[0];
        if (k > 1)
        {
            var sum = _dzSum.AsSpan(0, k * batch * nOut);
            _dz[0].AsSpan(0, sum.Length).CopyTo(sum);
            PairwiseSum(_dzSum, k, batch * nOut);
            dz = _dzSum;
        }
        // ∂L/∂W_0 = Xᵀ · Σ_k ∂L/∂z_0,k: one product for all instances.
        _compute.Gemm(true, false, nIn, nOut, batch, 1f, inputs, nIn, dz, nOut, 0f, gradient, nOut);
    }

    /// <summary>buffer[0..size) = Σ_k buffer[k·size..(k+1)·size), summed pairwise (a tree), in place.</summary>
    private static void PairwiseSum(float[] buffer, int k, int size)
    {
        for (int stride = 1; stride < k; stride *= 2)
            for (int i = 0; i + stride < k; i += 2 * stride)
                System.Numerics.Tensors.TensorPrimitives.Add(buffer.AsSpan(i * size, size), buffer.AsSpan((i + stride) * size, size), buffer.AsSpan(i * size, size));
    }

    private void Forward(ReadOnlySpan<float> inputs, ReadOnlySpan<ulong> packedInputs, int batch, ReadOnlySpan<CellDefects> instances)
    {
        int k = Math.Max(1, instances.Length), rows = k * batch;
        for (int l = 0; l < _qW.Length; l++)
        {
            int nIn = _widths[l], nOut = _widths[l + 1];
            if (l == 0)
            {
                // The shared product X·q(W), once; each instance starts from a copy of it.
                if (Mode == ForwardMode.Binary) _compute.BinaryGemm(packedInputs, batch, _packedW[0], nOut, nIn, _z[0], nOut);
                else _compute.Gemm(false, false, batch, nOut, nIn, 1f, inputs, nIn, _qW[0], nOut, 0f, _z[0], nOut);
                for (int i = 1; i < k; i++) _z[0].AsSpan(0, batch * nOut).CopyTo(_z[0].AsSpan(i * batch * nOut));
            }
            else if (Mode == ForwardMode.Binary) _compute.BinaryGemm(_packedAct[l - 1], rows, _packedW[l], nOut, nIn, _z[l], nOut);
            else _compute.Gemm(false, false, rows, nOut, nIn, 1f, _act[l - 1], nIn, _qW[l], nOut, 0f, _z[l], nOut);
            for (int i = 0; i < instances.Length; i++)
                _sparse.Add(InputT(l, i, batch), nIn, _z[l].AsSpan(i * batch * nOut), nOut, batch, instances[i].Layers[l], _latent[l], transpose: false);
            if (l == _qW.Length - 1) break;
            var z = _z[l].AsSpan(0, rows * nOut); var a = _act[l].AsSpan(0, rows * nOut);
            if (Mode == ForwardMode.Binary)
            {
                Signs.Activate(z, a);
                BitPacking.PackRows(a, rows, nOut, _packedAct[l]);
            }
            else
            {
                float c = _steScale[l];
                for (int i = 0; i < z.Length; i++) a[i] = Math.Clamp(c * z[i], -1f, 1f);
            }
        }
    }

    private (double Loss, int Errors) SoftmaxCrossEntropy(ReadOnlySpan<byte> labels, int batch, int rows)
    {
        int last = _qW.Length - 1, classes = _widths[^1];
        float invRows = 1f / rows, scale = _outputScale;
        double loss = 0;
        int errors = 0;
        for (int r = 0; r < rows; r++)
        {
            int label = labels[r % batch];
            var z = _z[last].AsSpan(r * classes, classes);
            var p = _probs.AsSpan(r * classes, classes);
            if (Signs.ArgMax(z) != label) errors++;
            float max = float.NegativeInfinity;
            for (int c = 0; c < classes; c++) max = Math.Max(max, scale * z[c]);
            double sum = 0;
            for (int c = 0; c < classes; c++) { p[c] = MathF.Exp(scale * z[c] - max); sum += p[c]; }
            loss += Math.Log(sum) + max - scale * z[label];
            var dz = _dz[last].AsSpan(r * classes, classes);
            for (int c = 0; c < classes; c++)
            {
                float pc = (float)(p[c] / sum);
                // ∂(mean loss)/∂z = scale·(softmax − onehot)/(samples × instances)
                dz[c] = scale * invRows * (pc - (c == label ? 1f : 0f));
            }
        }
        return (loss, errors);
    }

    /// <summary>∂L/∂z of hidden layer <paramref name="l"/> from ∂L/∂a (the STE, or the exact hardtanh derivative in relaxed mode).</summary>
    private void ActivationBackward(int l, int rows)
    {
        int n = rows * _widths[l + 1];
        var z = _z[l].AsSpan(0, n); var da = _da[l + 1].AsSpan(0, n); var dz = _dz[l].AsSpan(0, n);
        float c = _steScale[l], bound = _steBound[l];
        for (int i = 0; i < n; i++) dz[i] = MathF.Abs(z[i]) <= bound ? c * da[i] : 0f;
    }
}
