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
/// Forward and backward pass of one minibatch, with every buffer allocated once.
/// </summary>
/// <remarks>
/// Layer l computes z = a·q(W) with a the ±1 inputs (batch × in) and q(W) = sign(W) (in × out). Hidden outputs are sign(z);
/// the output layer's logits are OutputScale·z, fed to softmax cross-entropy (mean over the batch).
/// Backward, with c = 1/(window·√in): the straight-through estimator passes ∂L/∂a·c where |c·z| ≤ 1 and blocks it
/// elsewhere (the hardtanh gradient of the normalised pre-activation), and passes ∂L/∂q(W) unchanged to the latent W
/// (which stays in [−1, 1], where the hardtanh gradient is 1).
/// </remarks>
public sealed class Backprop
{
    private readonly ICompute _compute;
    private readonly int[] _widths;
    private readonly float _outputScale;
    private readonly float[] _steScale;
    private readonly float[][] _qW, _z, _act, _dz, _da;
    private readonly ulong[][] _packedW, _packedAct;
    private readonly float[] _probs;

    /// <summary>Largest batch the buffers hold.</summary>
    public int MaxBatch { get; }

    /// <summary>The forward mode (binary for training, relaxed for gradient checks).</summary>
    public ForwardMode Mode { get; }

    /// <summary>Allocates the buffers for <paramref name="spec"/> and batches of up to <paramref name="maxBatch"/>.</summary>
    /// <param name="steWindow">Half-width of the straight-through window in units of √fan-in (1 = pre-activations within one standard deviation of a random sum).</param>
    public Backprop(NetworkSpec spec, int maxBatch, float steWindow, ICompute compute, ForwardMode mode = ForwardMode.Binary)
    {
        _compute = compute;
        _widths = spec.Widths;
        _outputScale = spec.OutputScale;
        MaxBatch = maxBatch;
        Mode = mode;
        int layers = spec.LayerCount;
        _steScale = new float[layers];
        _qW = new float[layers][]; _z = new float[layers][]; _act = new float[layers][]; _dz = new float[layers][]; _da = new float[layers][];
        _packedW = new ulong[layers][]; _packedAct = new ulong[layers][];
        for (int l = 0; l < layers; l++)
        {
            int inputs = _widths[l], outputs = _widths[l + 1];
            _steScale[l] = 1f / (steWindow * MathF.Sqrt(inputs));
            _qW[l] = new float[inputs * outputs];
            _packedW[l] = new ulong[outputs * BitPacking.WordsFor(inputs)];
            _z[l] = new float[maxBatch * outputs];
            _act[l] = new float[maxBatch * outputs];
            _packedAct[l] = new ulong[maxBatch * BitPacking.WordsFor(outputs)];
            _dz[l] = new float[maxBatch * outputs];
            _da[l] = new float[maxBatch * inputs];
        }
        _probs = new float[maxBatch * _widths[^1]];
    }

    /// <summary>Quantises and packs the latent weights; call after every update and before <see cref="Run"/>.</summary>
    public void SetWeights(float[][] latent)
    {
        for (int l = 0; l < _qW.Length; l++)
        {
            var w = latent[l]; var q = _qW[l];
            if (Mode == ForwardMode.Relaxed) { w.AsSpan().CopyTo(q); continue; }
            Signs.ToPlusMinusOne(w, q);
            BitPacking.PackColumns(q, _widths[l], _widths[l + 1], _packedW[l]);
        }
    }

    /// <summary>
    /// Runs one minibatch: forward, loss, backward. Writes ∂(mean loss)/∂W into <paramref name="gradients"/>
    /// (overwritten) and returns the summed loss and the number of misclassified samples.
    /// </summary>
    public (double LossSum, int Errors) Run(ReadOnlySpan<float> inputs, ReadOnlySpan<ulong> packedInputs, ReadOnlySpan<byte> labels, int batch, float[][] gradients)
    {
        if (batch > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), $"Batch {batch} exceeds the workspace's {MaxBatch}.");
        int last = _qW.Length - 1;
        Forward(inputs, packedInputs, batch);
        var (loss, errors) = SoftmaxCrossEntropy(labels, batch);

        for (int l = last; l >= 0; l--)
        {
            int nIn = _widths[l], nOut = _widths[l + 1];
            ReadOnlySpan<float> a = l == 0 ? inputs : _act[l - 1];
            // ∂L/∂W_l = aᵀ · ∂L/∂z_l
            _compute.Gemm(true, false, nIn, nOut, batch, 1f, a, nIn, _dz[l], nOut, 0f, gradients[l], nOut);
            if (l == 0) break;
            // ∂L/∂a_{l−1} = ∂L/∂z_l · q(W_l)ᵀ, then through the activation of layer l−1.
            _compute.Gemm(false, true, batch, nIn, nOut, 1f, _dz[l], nOut, _qW[l], nOut, 0f, _da[l], nIn);
            ActivationBackward(l - 1, batch);
        }
        return (loss, errors);
    }

    private void Forward(ReadOnlySpan<float> inputs, ReadOnlySpan<ulong> packedInputs, int batch)
    {
        for (int l = 0; l < _qW.Length; l++)
        {
            int nIn = _widths[l], nOut = _widths[l + 1];
            if (Mode == ForwardMode.Binary)
                _compute.BinaryGemm(l == 0 ? packedInputs : _packedAct[l - 1], batch, _packedW[l], nOut, nIn, _z[l], nOut);
            else
                _compute.Gemm(false, false, batch, nOut, nIn, 1f, l == 0 ? inputs : _act[l - 1], nIn, _qW[l], nOut, 0f, _z[l], nOut);
            if (l == _qW.Length - 1) break;
            var z = _z[l].AsSpan(0, batch * nOut); var a = _act[l].AsSpan(0, batch * nOut);
            if (Mode == ForwardMode.Binary)
            {
                Signs.ToPlusMinusOne(z, a);
                BitPacking.PackRows(a, batch, nOut, _packedAct[l]);
            }
            else
            {
                float c = _steScale[l];
                for (int i = 0; i < z.Length; i++) a[i] = Math.Clamp(c * z[i], -1f, 1f);
            }
        }
    }

    private (double Loss, int Errors) SoftmaxCrossEntropy(ReadOnlySpan<byte> labels, int batch)
    {
        int last = _qW.Length - 1, classes = _widths[^1];
        float invBatch = 1f / batch, scale = _outputScale;
        double loss = 0;
        int errors = 0;
        for (int i = 0; i < batch; i++)
        {
            var z = _z[last].AsSpan(i * classes, classes);
            var p = _probs.AsSpan(i * classes, classes);
            if (PackedInference.ArgMax(z) != labels[i]) errors++;
            float max = float.NegativeInfinity;
            for (int k = 0; k < classes; k++) max = Math.Max(max, scale * z[k]);
            double sum = 0;
            for (int k = 0; k < classes; k++) { p[k] = MathF.Exp(scale * z[k] - max); sum += p[k]; }
            loss += Math.Log(sum) + max - scale * z[labels[i]];
            var dz = _dz[last].AsSpan(i * classes, classes);
            for (int k = 0; k < classes; k++)
            {
                float pk = (float)(p[k] / sum);
                // ∂(mean loss)/∂z = scale·(softmax − onehot)/batch
                dz[k] = scale * invBatch * (pk - (k == labels[i] ? 1f : 0f));
            }
        }
        return (loss, errors);
    }

    /// <summary>∂L/∂z of hidden layer <paramref name="l"/> from ∂L/∂a (the STE, or the exact hardtanh derivative in relaxed mode).</summary>
    private void ActivationBackward(int l, int batch)
    {
        int n = batch * _widths[l + 1];
        var z = _z[l].AsSpan(0, n); var da = _da[l + 1].AsSpan(0, n); var dz = _dz[l].AsSpan(0, n);
        float c = _steScale[l];
        for (int i = 0; i < n; i++) dz[i] = MathF.Abs(c * z[i]) <= 1f ? c * da[i] : 0f;
    }
}
