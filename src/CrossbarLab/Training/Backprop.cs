using System.Numerics;
using System.Numerics.Tensors;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Training;

/// <summary>How the forward pass treats weights and activations.</summary>
internal enum ForwardMode
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
/// Layer l computes z = a·q(W) + b with a the binary inputs (batch × in; ±1, or 1/0 with <see cref="InputEncoding.ZeroOne"/>),
/// q(W) = sign(W) (in × out; the latent W itself for a real digital layer) and b the digital offsets (if the network has
/// them). Hidden outputs fire (1) where z ≥ 0 and are off (−1 or 0) elsewhere; the output layer's logits are OutputScale·z,
/// fed to softmax cross-entropy, averaged over samples × instances. Backward, with c = 1/(window·√in): the
/// straight-through estimator passes ∂L/∂a·c where |c·z| ≤ 1 (up to <see cref="Signs.TieTolerance"/>; c/2 for 0/1 outputs,
/// the slope of (hardtanh + 1)/2) and blocks it elsewhere, passes ∂L/∂q(W) unchanged to the latent W (which stays in
/// [−1, 1]), and gives each offset the sum of its column's ∂L/∂z. With 0/1 inputs the first layer's shared product runs on
/// the on-bits: x·w = (s·w + Σw)/2 with s = 2x − 1, exactly.
/// <para>Defects are sparse, so instance k's effective weights are sign(W) + D_k with D_k nonzero only at its defective
/// cells: the first layer's product X·sign(W) is computed once (XNOR-popcount) and each instance adds X[:, i]·d at its
/// cells; deeper layers, whose inputs differ per instance, run the dense product per instance plus the same sparse
/// corrections. The weight gradient Σ_k aₖᵀδₖ ⊙ (1 − Mₖ) — a defective cell is fixed, so it gets no gradient from an
/// instance in which it is defective — is one product Xᵀ(Σₖ δₖ) for the first layer, minus sparse corrections at the
/// defective cells. Sums over instances are pairwise, so K identical clean instances (K a power of two) give exactly the
/// software gradient.</para>
/// <para>How it runs: everything an instance needs apart from the shared first product — its corrections, activations,
/// deeper products, softmax, and its whole backward pass down to ∂L/∂z₀ — is one task, and the tasks run on the
/// <see cref="WorkerPool"/>, so an instance's data stays in cache from its forward to its backward pass. Layers are kept
/// feature-major (feature × samples, one block per instance), so each defective cell's correction reads and writes
/// contiguous rows and nothing is transposed per instance. Every value is computed with the same operations in the same
/// order as the engine's earlier row-major, one-instance-at-a-time implementation (SGEMM's order for the products, the
/// listed cell order for the corrections, instance order for every sum over instances), so results are bit-identical to
/// it and do not depend on the number of threads.</para>
/// </remarks>
internal sealed class Backprop
{
    private readonly ICompute _compute;
    private readonly WorkerPool _pool;
    private readonly NetworkSpec _spec;
    private readonly int[] _widths;
    private readonly float _off;
    private readonly bool _zeroOne;
    private readonly float[] _columnSums0;                   // 0/1 inputs: Σ_i sign(W₀)_ij per output
    private readonly float[][] _offsetParts;                 // layer l ≥ 1: each instance's Σ_b ∂L/∂z (K blocks of outputs)
    private float[][] _offsets = [];
    private readonly FastDivisor[] _outputs;
    private readonly float _outputScale;
    private readonly float[] _steScale, _steBound;
    private readonly float[][] _qW, _act, _dz, _gradParts;   // _act[l], _dz[l]: K blocks of width × batch (feature-major)
    private readonly ulong[] _packedW0;
    private readonly float[] _inputsT, _zShared, _dzSum;
    private readonly double[] _rowLoss;
    private readonly int[] _instanceErrors;
    private readonly byte[] _labels;
    private readonly CellDefects[] _instances;
    private readonly Workspace[] _workspaces;                  // one per pool thread
    private readonly PoolJob _job;
    private float[][] _latent = [];

    // The step in flight, read by the tasks on the pool.
    private int _batch, _k, _defective;
    private float[][] _gradients = [];

    /// <summary>Largest batch the buffers hold.</summary>
    public int MaxBatch { get; }

    /// <summary>Largest number of defect instances per step the buffers hold.</summary>
    public int MaxInstances { get; }

    /// <summary>The forward mode (binary for training, relaxed for gradient checks).</summary>
    public ForwardMode Mode { get; }

    /// <summary>Allocates the buffers for <paramref name="spec"/>, batches of up to <paramref name="maxBatch"/> and up to <paramref name="maxInstances"/> defect instances.</summary>
    /// <param name="steWindow">Half-width of the straight-through window in units of √fan-in.</param>
    public Backprop(NetworkSpec spec, int maxBatch, float steWindow, ICompute compute, ForwardMode mode = ForwardMode.Binary, int maxInstances = 1)
        : this(spec, maxBatch, steWindow, compute, mode, maxInstances, WorkerPool.Shared) { }

    /// <summary>As the public constructor, with the per-instance tasks on <paramref name="pool"/> (tests vary the threads).</summary>
    internal Backprop(NetworkSpec spec, int maxBatch, float steWindow, ICompute compute, ForwardMode mode, int maxInstances, WorkerPool pool)
    {
        _compute = compute;
        _pool = pool;
        _spec = spec;
        _widths = spec.Widths;
        _zeroOne = spec.Encoding == InputEncoding.ZeroOne;
        _off = spec.Encoding.Off();
        _outputScale = spec.OutputScale;
        MaxBatch = maxBatch; MaxInstances = maxInstances; Mode = mode;
        int layers = spec.LayerCount, rows = maxBatch * maxInstances, last = layers - 1;
        _steScale = new float[layers]; _steBound = new float[layers];
        _outputs = new FastDivisor[layers];
        _qW = new float[layers][]; _act = new float[layers][]; _dz = new float[layers][]; _gradParts = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            int inputs = _widths[l], outputs = _widths[l + 1];
            // c, halved for 0/1 outputs: the slope of (hardtanh(c·z) + 1)/2.
            _steScale[l] = (_zeroOne ? 0.5f : 1f) / (steWindow * MathF.Sqrt(inputs));
            // |c·z| ≤ 1 as |z| ≤ window·√in, widened by the tie tolerance so that sums on the edge up to rounding pass.
            _steBound[l] = steWindow * MathF.Sqrt(inputs) + Signs.TieTolerance;
            _outputs[l] = new FastDivisor(outputs);
            _qW[l] = new float[inputs * outputs];
            _act[l] = l == last ? [] : new float[outputs * rows];
            _dz[l] = new float[outputs * rows];
            _gradParts[l] = l == 0 || maxInstances == 1 ? [] : new float[maxInstances * inputs * outputs];
        }
        _offsetParts = Enumerable.Range(0, layers).Select(l => l == 0 || maxInstances == 1 || !spec.HasOffsets ? [] : new float[maxInstances * _widths[l + 1]]).ToArray();
        _columnSums0 = new float[_widths[1]];
        _packedW0 = new ulong[_widths[1] * BitPacking.WordsFor(_widths[0])];
        _inputsT = new float[_widths[0] * maxBatch];
        _zShared = new float[_widths[1] * maxBatch];
        _dzSum = maxInstances == 1 ? [] : new float[(maxInstances + 1) / 2 * _widths[1] * maxBatch];
        _rowLoss = new double[rows];
        _instanceErrors = new int[maxInstances];
        _labels = new byte[maxBatch];
        _instances = new CellDefects[maxInstances];
        _workspaces = new Workspace[_pool.Parallelism];
        for (int t = 0; t < _workspaces.Length; t++) _workspaces[t] = new Workspace(_widths, maxBatch);
        _job = new PoolJob(this);
    }

    /// <summary>Quantises and packs the latent weights (no offsets); call after every update and before a run.</summary>
    public void SetWeights(float[][] latent) => SetWeights(latent, []);

    /// <summary>Takes the network's latent weights and offsets; call after every update and before a run.</summary>
    public void SetWeights(BinaryNetwork network) => SetWeights(network.Weights, _spec.HasOffsets ? network.Offsets : []);

    private void SetWeights(float[][] latent, float[][] offsets)
    {
        _latent = latent;
        _offsets = offsets;
        for (int l = 0; l < _qW.Length; l++)
        {
            if (Mode == ForwardMode.Relaxed || _spec.IsReal(l)) { latent[l].AsSpan().CopyTo(_qW[l]); continue; }
            Signs.ToPlusMinusOne(latent[l], _qW[l]);
        }
        if (Mode != ForwardMode.Binary) return;
        // Only the first layer's shared product runs on bits; deeper layers multiply ±1 floats, which is exact too.
        BitPacking.PackColumns(_qW[0], _widths[0], _widths[1], _packedW0);
        if (_zeroOne) PackedInference.ColumnSigns(latent[0], _widths[0], _widths[1], _columnSums0);
    }

    /// <summary>One minibatch without defects: forward, loss, backward. See the overload with instances.</summary>
    public (double LossSum, int Errors) Run(ReadOnlySpan<float> inputs, ReadOnlySpan<ulong> packedInputs, ReadOnlySpan<byte> labels, int batch, float[][] gradients) =>
        Run(inputs, packedInputs, labels, batch, [], gradients);

    /// <summary>
    /// Runs one minibatch on every defect instance (none = one clean instance): forward, loss, backward. Writes
    /// ∂(mean loss over samples × instances)/∂W into <paramref name="gradients"/> (overwritten; with offsets, the layers'
    /// weight gradients are followed by their offsets' gradients, as <see cref="BinaryNetwork.Parameters"/> lists them) and
    /// returns the summed loss and the number of misclassified (sample, instance) pairs.
    /// </summary>
    public (double LossSum, int Errors) Run(ReadOnlySpan<float> inputs, ReadOnlySpan<ulong> packedInputs, ReadOnlySpan<byte> labels, int batch,
        ReadOnlySpan<CellDefects> instances, float[][] gradients)
    {
        if (batch > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), $"Batch {batch} exceeds the workspace's {MaxBatch}.");
        int k = Math.Max(1, instances.Length);
        if (k > MaxInstances) throw new ArgumentOutOfRangeException(nameof(instances), $"{k} instances exceed the workspace's {MaxInstances}.");
        if (Mode == ForwardMode.Relaxed && instances.Length > 0) throw new InvalidOperationException("The relaxed mode is for gradient checks and takes no defects.");
        _batch = batch; _k = k; _defective = instances.Length; _gradients = gradients;
        instances.CopyTo(_instances);
        labels[..batch].CopyTo(_labels);
        // The first layer's input is the same for every instance: transpose it once for all their sparse corrections.
        if (NeedsInputsT) MatrixTranspose.Transpose(inputs[..(batch * _widths[0])], batch, _widths[0], _inputsT);
        FirstLayerProduct(packedInputs);
        RunOnPool(Task.Instances, _k);
        CombineInstanceGradients(gradients);
        FirstLayerGradient(inputs, gradients[0]);
        if (_defective == 1) ZeroDefectiveCells(gradients);
        else if (_defective > 1) RunOnPool(Task.SubtractAtCells, _pool.Parallelism);
        _gradients = [];
        return (SumLoss(), SumErrors());
    }

    private bool NeedsInputsT => _defective > 0 || Mode == ForwardMode.Relaxed;

    /// <summary>Instance k's block of a per-instance buffer of layer width <paramref name="width"/>.</summary>
    private FeatureBlock Block(float[] buffer, int width, int k) => new(buffer, _batch, k * width * _batch, _batch);

    private FeatureBlock InputsT => new(_inputsT, _batch, 0, _batch);

    /// <summary>The shared product X·q(W₀), transposed (outputs × batch): once for all instances.</summary>
    private void FirstLayerProduct(ReadOnlySpan<ulong> packedInputs)
    {
        int nIn = _widths[0], nOut = _widths[1];
        if (Mode == ForwardMode.Binary) _compute.BinaryGemm(_packedW0, nOut, packedInputs, _batch, nIn, _zShared, _batch);
        else _compute.Gemm(true, false, nOut, _batch, nIn, 1f, _qW[0], nOut, _inputsT, _batch, 0f, _zShared, _batch);
        if (Mode == ForwardMode.Binary && _zeroOne) PackedInference.HalveWithColumnSums(_zShared.AsSpan(0, nOut * _batch), _columnSums0, _batch, nOut, featureMajor: true);
    }

    // ---------------------------------------------------------------- one instance, forward and backward

    /// <summary>Instance k's forward pass, loss and backward pass down to ∂L/∂z₀, and its share of deeper layers' weight gradients.</summary>
    private void RunInstance(int k, Workspace work)
    {
        ForwardInstance(k, work);
        SoftmaxCrossEntropy(k, work);
        BackwardInstance(k, work);
    }

    private void ForwardInstance(int k, Workspace work)
    {
        int last = _qW.Length - 1;
        for (int l = 0; l <= last; l++)
        {
            var z = work.Z(l);
            if (l == 0) AddCorrections(0, k, InputsT, new FeatureBlock(_zShared, _batch, 0, _batch), z, work);
            else
            {
                // z_l = q(W_l)ᵀ·a_{l−1} (binary mode: ±1 products and integer sums, exact like XNOR-popcount).
                var input = Block(_act[l - 1], _widths[l], k);
                OrderedProducts.WeightsTimesBlock(_qW[l], 1, _widths[l + 1], _widths[l + 1], _widths[l], input, z);
                AddCorrections(l, k, input, z, z, work);
            }
            if (_offsets.Length > 0) for (int f = 0; f < _widths[l + 1]; f++) TensorPrimitives.Add(z.Row(f), _offsets[l][f], z.Row(f));
            if (l < last) Activate(l, z, Block(_act[l], _widths[l + 1], k));
        }
    }

    private void BackwardInstance(int k, Workspace work)
    {
        for (int l = _qW.Length - 1; l >= 1; l--)
        {
            var dz = Block(_dz[l], _widths[l + 1], k);
            InstanceWeightGradient(l, k, work);
            if (_offsets.Length > 0) InstanceOffsetGradient(l, k, dz);
            // ∂L/∂a_{l−1} = q(W_l)·∂L/∂z_l + sparse corrections, then through the activation of layer l−1.
            var da = work.Da(l);
            OrderedProducts.WeightsTimesBlock(_qW[l], _widths[l + 1], 1, _widths[l], _widths[l + 1], dz, da);
            if (_defective > 0) work.Sparse.Apply(_instances[k].Layers[l], _latent[l], _outputs[l], byInput: true, dz, da, da, _widths[l]);
            var z = work.Z(l - 1); var dzPrevious = Block(_dz[l - 1], _widths[l], k);
            for (int f = 0; f < _widths[l]; f++) StraightThrough(z.Row(f), da.Row(f), dzPrevious.Row(f), _steScale[l - 1], _steBound[l - 1]);
        }
    }

    /// <summary>output = base + instance k's sparse corrections of layer l (a copy of base without defects).</summary>
    private void AddCorrections(int l, int k, FeatureBlock input, FeatureBlock baseRows, FeatureBlock output, Workspace work)
    {
        if (_defective == 0)
        {
            if (baseRows.Data != output.Data) for (int f = 0; f < _widths[l + 1]; f++) baseRows.Row(f).CopyTo(output.Row(f));
            return;
        }
        work.Sparse.Apply(_instances[k].Layers[l], _latent[l], _outputs[l], byInput: false, input, baseRows, output, _widths[l + 1]);
    }

    private void Activate(int l, FeatureBlock z, FeatureBlock a)
    {
        float c = _steScale[l];
        for (int f = 0; f < _widths[l + 1]; f++)
        {
            if (Mode == ForwardMode.Binary) { Signs.Activate(z.Row(f), a.Row(f), _off); continue; }
            // Relaxed: hardtanh(z/(window·√in)), or (that + 1)/2 for 0/1 outputs (c is already halved for them).
            var zf = z.Row(f); var af = a.Row(f);
            for (int b = 0; b < zf.Length; b++) af[b] = _zeroOne ? Math.Clamp(c * zf[b], -0.5f, 0.5f) + 0.5f : Math.Clamp(c * zf[b], -1f, 1f);
        }
    }

    /// <summary>Loss, errors and ∂L/∂z of the output layer for instance k's samples; each sample's loss is kept so that
    /// the total is summed in row order.</summary>
    private void SoftmaxCrossEntropy(int k, Workspace work)
    {
        int last = _qW.Length - 1, classes = _widths[^1], errors = 0;
        float invRows = 1f / (_k * _batch), scale = _outputScale;
        var zAll = work.Z(last).Data; var dz = Block(_dz[last], classes, k);
        var dzAll = dz.Data;
        var z = work.Logits; var p = work.Probabilities;
        for (int b = 0; b < _batch; b++)
        {
            int label = _labels[b];
            for (int c = 0; c < classes; c++) z[c] = zAll[c * _batch + b];
            if (Signs.ArgMax(z) != label) errors++;
            float max = float.NegativeInfinity;
            for (int c = 0; c < classes; c++) max = Math.Max(max, scale * z[c]);
            double sum = 0;
            for (int c = 0; c < classes; c++) { p[c] = MathF.Exp(scale * z[c] - max); sum += p[c]; }
            _rowLoss[k * _batch + b] = Math.Log(sum) + max - scale * z[label];
            for (int c = 0; c < classes; c++)
            {
                float pc = (float)(p[c] / sum);
                // ∂(mean loss)/∂z = scale·(softmax − onehot)/(samples × instances)
                dzAll[dz.Column + c * _batch + b] = scale * invRows * (pc - (c == label ? 1f : 0f));
            }
        }
        _instanceErrors[k] = errors;
    }

    /// <summary>Layer l's weight gradient from instance k alone (l ≥ 1: its input differs per instance).</summary>
    private void InstanceWeightGradient(int l, int k, Workspace work)
    {
        int nIn = _widths[l], nOut = _widths[l + 1], size = nIn * nOut;
        var target = _k == 1 ? _gradients[l].AsSpan(0, size) : _gradParts[l].AsSpan(k * size, size);
        OrderedProducts.WeightGradient(Block(_act[l - 1], nIn, k), Block(_dz[l], nOut, k), nIn, nOut, target, work.RowMajor);
    }

    /// <summary>Layer l's offset gradient from instance k alone: the sum of each output's ∂L/∂z over the batch.</summary>
    private void InstanceOffsetGradient(int l, int k, FeatureBlock dz)
    {
        int nOut = _widths[l + 1];
        var target = _k == 1 ? _gradients[_qW.Length + l].AsSpan() : _offsetParts[l].AsSpan(k * nOut, nOut);
        for (int f = 0; f < nOut; f++) target[f] = TensorPrimitives.Sum(dz.Row(f));
    }

    /// <summary>∂L/∂z = c·∂L/∂a where |z| ≤ bound, else 0 (the STE, or the exact hardtanh derivative in relaxed mode);
    /// branch-free, as the signs of z are random.</summary>
    private static void StraightThrough(ReadOnlySpan<float> z, ReadOnlySpan<float> da, Span<float> dz, float c, float bound)
    {
        int i = 0, width = Vector<float>.Count;
        var cv = new Vector<float>(c); var bv = new Vector<float>(bound);
        for (; i <= z.Length - width; i += width)
        {
            var pass = Vector.LessThanOrEqual(Vector.Abs(new Vector<float>(z[i..])), bv);
            Vector.ConditionalSelect(pass, cv * new Vector<float>(da[i..]), Vector<float>.Zero).CopyTo(dz[i..]);
        }
        for (; i < z.Length; i++) dz[i] = MathF.Abs(z[i]) <= bound ? c * da[i] : 0f;
    }

    // ---------------------------------------------------------------- sums over instances

    private double SumLoss()
    {
        double loss = 0;
        foreach (double rowLoss in _rowLoss.AsSpan(0, _k * _batch)) loss += rowLoss; // in row order, as one running sum
        return loss;
    }

    private int SumErrors()
    {
        int errors = 0;
        foreach (int e in _instanceErrors.AsSpan(0, _k)) errors += e;
        return errors;
    }

    /// <summary>Deeper layers' gradients: the instances' aₖᵀδₖ summed pairwise, so equal instances add up exactly.</summary>
    private void CombineInstanceGradients(float[][] gradients)
    {
        if (_k == 1) return; // written straight into the gradient
        for (int l = 1; l < _qW.Length; l++)
        {
            int size = _widths[l] * _widths[l + 1];
            PairwiseSum(_gradParts[l], _k, size);
            _gradParts[l].AsSpan(0, size).CopyTo(gradients[l]);
            if (_offsets.Length == 0) continue;
            PairwiseSum(_offsetParts[l], _k, _widths[l + 1]);
            _offsetParts[l].AsSpan(0, _widths[l + 1]).CopyTo(gradients[_qW.Length + l]);
        }
    }

    private void FirstLayerGradient(ReadOnlySpan<float> inputs, float[] gradient)
    {
        int nIn = _widths[0], nOut = _widths[1], batch = _batch;
        var dz = _dz[0];
        if (_k > 1) { SumInstances(); dz = _dzSum; }
        // ∂L/∂W_0 = Xᵀ · Σ_k ∂L/∂z_0,k: one product for all instances. X as stored (transA) packs faster than Xᵀ.
        _compute.Gemm(true, true, nIn, nOut, batch, 1f, inputs, nIn, dz, batch, 0f, gradient, nOut);
        if (_offsets.Length == 0) return;
        var offsetGradient = _gradients[_qW.Length];
        for (int f = 0; f < nOut; f++) offsetGradient[f] = TensorPrimitives.Sum(dz.AsSpan(f * batch, batch));
    }

    /// <summary>
    /// _dzSum[0..size) = Σ_k of instance k's ∂L/∂z₀, summed pairwise like <see cref="PairwiseSum"/>; the first level
    /// (k + (k+1)) reads straight from the instances' blocks, which stay intact for the cell corrections.
    /// </summary>
    private void SumInstances()
    {
        int size = _widths[1] * _batch, half = (_k + 1) / 2;
        for (int m = 0; m < half; m++)
        {
            var left = _dz[0].AsSpan(2 * m * size, size);
            var target = _dzSum.AsSpan(m * size, size);
            if (2 * m + 1 < _k) TensorPrimitives.Add(left, _dz[0].AsSpan((2 * m + 1) * size, size), target);
            else left.CopyTo(target);
        }
        PairwiseSum(_dzSum, half, size);
    }

    /// <summary>buffer[0..size) = Σ_k buffer[k·size..(k+1)·size), summed pairwise (a tree), in place.</summary>
    private static void PairwiseSum(float[] buffer, int k, int size)
    {
        for (int stride = 1; stride < k; stride *= 2)
            for (int i = 0; i + stride < k; i += 2 * stride)
                TensorPrimitives.Add(buffer.AsSpan(i * size, size), buffer.AsSpan((i + stride) * size, size), buffer.AsSpan(i * size, size));
    }

    // ---------------------------------------------------------------- defective cells' gradient

    /// <summary>With one instance a defective cell is fixed, so its gradient is exactly 0: it never moves.</summary>
    private void ZeroDefectiveCells(float[][] gradients)
    {
        for (int l = 0; l < _qW.Length; l++)
            foreach (int cell in _instances[0].Layers[l].Cells) gradients[l][cell] = 0f;
    }

    /// <summary>
    /// With several instances, each one's own contribution at its defective cells is removed. Split over the threads by
    /// cell range: each range sees the instances in order, so every cell's subtractions happen in the same order as on
    /// one thread.
    /// </summary>
    private void SubtractAtCells(int piece, int pieces)
    {
        for (int l = 0; l < _qW.Length; l++)
        {
            int cells = _widths[l] * _widths[l + 1];
            int first = (int)((long)cells * piece / pieces), end = (int)((long)cells * (piece + 1) / pieces);
            for (int k = 0; k < _defective; k++)
            {
                var a = l == 0 ? InputsT : Block(_act[l - 1], _widths[l], k);
                SparseCorrections.SubtractAtCells(_instances[k].Layers[l], _outputs[l], a, Block(_dz[l], _widths[l + 1], k), _gradients[l], first, end);
            }
        }
    }

    // ---------------------------------------------------------------- threads

    private enum Task { Instances, SubtractAtCells }

    private Task _task;
    private int _nextInstance, _pieces;

    /// <summary>Runs a task in <paramref name="pieces"/> pieces (at most one per pool thread).</summary>
    private void RunOnPool(Task task, int pieces)
    {
        _task = task; _nextInstance = 0;
        _pieces = Math.Min(_pool.Parallelism, pieces);
        if (_pieces == 1) _job.Execute(0);
        else _pool.Run(_job, _pieces);
    }

    private void ExecutePiece(int piece)
    {
        if (_task == Task.SubtractAtCells) { SubtractAtCells(piece, _pieces); return; }
        var work = _workspaces[piece];
        work.Current = _batch;
        int k;
        // Instances are handed out one at a time, so a thread that was descheduled for a while does not hold up the rest.
        while ((k = Interlocked.Increment(ref _nextInstance) - 1) < _k) RunInstance(k, work);
    }

    /// <summary>The pool's view of the task in flight (kept apart so that <see cref="Backprop"/> exposes no Execute).</summary>
    private sealed class PoolJob(Backprop owner) : IParallelJob
    {
        public void Execute(int index) => owner.ExecutePiece(index);
    }

    /// <summary>One thread's scratch: an instance's pre-activations and ∂L/∂a per layer, and the sparse and softmax scratch.</summary>
    private sealed class Workspace
    {
        private readonly float[][] _z, _da;

        public Workspace(int[] widths, int maxBatch)
        {
            int layers = widths.Length - 1;
            _z = Enumerable.Range(0, layers).Select(l => new float[widths[l + 1] * maxBatch]).ToArray();
            _da = Enumerable.Range(0, layers).Select(l => l == 0 ? [] : new float[widths[l] * maxBatch]).ToArray();
            Sparse = new SparseCorrections(widths.Max());
            Logits = new float[widths[^1]];
            Probabilities = new float[widths[^1]];
            RowMajor = new float[Enumerable.Range(1, layers - 1).Select(l => OrderedProducts.RowMajorLength(maxBatch, widths[l + 1])).DefaultIfEmpty(0).Max()];
        }

        public SparseCorrections Sparse { get; }
        public float[] Logits { get; }
        public float[] Probabilities { get; }
        public float[] RowMajor { get; }

        /// <summary>Layer l's pre-activations for the instance in hand (outputs × batch); sized for the largest batch, viewed at the current one.</summary>
        public FeatureBlock Z(int l) => new(_z[l], Current, 0, Current);

        /// <summary>∂L/∂a of layer l's input (inputs × batch).</summary>
        public FeatureBlock Da(int l) => new(_da[l], Current, 0, Current);

        /// <summary>The batch of the step in flight.</summary>
        public int Current { get; set; }
    }
}
