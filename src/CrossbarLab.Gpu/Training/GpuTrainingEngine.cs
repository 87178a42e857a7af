using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.Model;
using CrossbarLab.Training;
using ILGPU;
using ILGPU.Runtime;

namespace CrossbarLab.Gpu.Training;

/// <summary>
/// The training step on the GPU: the statistics-aware double batch (K defect instances per minibatch) with the CPU
/// engine's mathematics (<see cref="Backprop"/>), and Adam, on device memory that lives for the whole run: the encoded
/// training set, the parameters, Adam's moments and every activation. Per step the host sends only the step's defect
/// cells (nothing when they are the same as the step before, as in hardware-aware and software training) and launches
/// kernels; nothing is copied back until <see cref="Totals"/> or <see cref="Synchronize"/>.
/// </summary>
/// <remarks>
/// <para>Every layer is feature-major with one column per (instance k, sample b) pair, r = k·B + b, so each dense
/// product covers all K instances in one launch: the first layer's X·sign(W₀) once for all instances (the instances
/// differ only at their defective cells), deeper layers' a·sign(W) over K·B columns, the backward products likewise,
/// and a deeper layer's weight gradient Σₖ aₖᵀδₖ as one product over K·B columns. The sparse corrections at the
/// defective cells run fused with the offsets and activations (forward) and with the straight-through estimator
/// (backward), each cell group summed in the instance's listed order like the CPU. The first layer's gradient is
/// Xᵀ·(Σₖ δₖ) with the instances added pairwise; each instance's own term at its defective cells is then taken out
/// (cells of a single instance are set to zero), in instance order, without atomics.</para>
/// <para>Results agree with the CPU engine within float rounding (the products sum in another order; exponentials and
/// square roots are the device's); ±1 products and the corrections' sums are the CPU's exactly. A step gives the
/// same numbers every time on the same device. docs/gpu.md states the tolerances the tests hold it to.</para>
/// </remarks>
internal sealed class GpuTrainingEngine : ITrainingEngine
{
    /// <summary>Most floats the table of per-instance gradient terms may hold; more instances go in chunks.</summary>
    private const long TermBudget = 64L << 20;

    private readonly GpuCompute _gpu;
    private readonly TrainingKernels _kernels;
    private readonly TrainingEngineSetup _setup;
    private readonly NetworkSpec _spec;
    private readonly int[] _widths;
    private readonly int _layers, _batch;
    private readonly ParameterLayout _layout;
    private readonly DefectPacking _packing;
    private readonly float[] _steScale, _steBound;
    private readonly List<MemoryBuffer> _owned = [];
    private readonly ArrayView<float> _parameters, _gradients, _m, _v, _signs;
    private readonly ArrayView<float> _trainInputs, _x, _shared, _instanceSum, _da, _sampleSums, _terms;
    private readonly ArrayView<float>[] _z, _activation, _dz;
    private readonly ArrayView<byte> _trainLabels;
    private readonly ArrayView<int> _order, _labels, _rowWrong, _errors;
    private readonly ArrayView<double> _rowLoss, _loss;
    private readonly DeviceBuffer<int> _defects;
    private readonly AllocationCounter _defectAllocations = new();
    private readonly double[] _hostLoss = new double[1];
    private readonly int[] _hostErrors = new int[1];
    private ArrayView<int> _defectView;

    /// <summary>Uploads the training set, the parameters and the moments, and allocates every buffer of a step.
    /// </summary>
    public GpuTrainingEngine(GpuCompute gpu, TrainingKernels kernels, TrainingEngineSetup setup)
    {
        _gpu = gpu;
        _kernels = kernels;
        _setup = setup;
        _spec = setup.Network.Spec;
        _widths = _spec.Widths;
        _layers = _spec.LayerCount;
        _batch = setup.Batch;
        _layout = new ParameterLayout(setup.Network, setup.Optimizer.ClippedArrays);
        _packing = new DefectPacking(_widths, setup.MaxInstances);
        (_steScale, _steBound) = StraightThrough(_spec, _widths, setup.SteWindow);
        var train = setup.Train;
        long columns = (long)setup.MaxInstances * _batch;
        GpuMemory.Check(gpu, Bytes(setup, columns), setup.MaxInstances, _widths.Max() * columns);
        try
        {
            int count = _layout.Count;
            _parameters = Allocate<float>(count);
            _gradients = Allocate<float>(count);
            _m = Allocate<float>(count);
            _v = Allocate<float>(count);
            _signs = Allocate<float>(_layout.WeightEnd);
            _trainInputs = Allocate<float>((long)train.Count * train.Features);
            _trainLabels = Allocate<byte>(train.Count);
            _order = Allocate<int>(train.Count);
            _x = Allocate<float>((long)_widths[0] * _batch);
            _shared = Allocate<float>((long)_widths[1] * _batch);
            _instanceSum = Allocate<float>((long)_widths[1] * _batch);
            _labels = Allocate<int>(_batch);
            _z = new ArrayView<float>[_layers];
            _activation = new ArrayView<float>[_layers];
            _dz = new ArrayView<float>[_layers];
            for (int l = 0; l < _layers; l++)
            {
                long size = _widths[l + 1] * columns;
                _z[l] = Allocate<float>(size);
                _activation[l] = Allocate<float>(l + 1 < _layers ? size : 1);
                _dz[l] = Allocate<float>(size);
            }
            _da = Allocate<float>(Math.Max(1, MaxDeeperInput() * columns));
            _sampleSums = Allocate<float>((long)_widths.Max() * setup.MaxInstances);
            _terms = Allocate<float>(TermsLength(setup.MaxInstances));
            // The cell-term table is all zeros between steps: each step clears what it wrote.
            _terms.MemSetToZero();
            _rowLoss = Allocate<double>(columns);
            _rowWrong = Allocate<int>(columns);
            _loss = Allocate<double>(1);
            _errors = Allocate<int>(1);
            _defects = new DeviceBuffer<int>(gpu.Accelerator, _defectAllocations);
            Upload(setup);
        }
        catch (Exception e) when (e is AcceleratorException or OutOfMemoryException)
        {
            Dispose();
            throw GpuMemory.TooSmall(gpu, Bytes(setup, columns), setup.MaxInstances, e);
        }
    }

    /// <summary>Device allocations for the defect uploads so far (tests check that steps reuse them).</summary>
    internal int DefectAllocations => _defectAllocations.Count;

    /// <summary>Uploads of defect cells so far (a step whose instances are the step before's uploads none).</summary>
    internal int DefectUploads { get; private set; }

    public void BeginEpoch(ReadOnlySpan<int> order)
    {
        _order.SubView(0, order.Length).CopyFromCPU(order);
        _rowLoss.MemSetToZero();
        _rowWrong.MemSetToZero();
    }

    public void Step(int step, ReadOnlySpan<CellDefects> instances, float learningRate)
    {
        if (instances.Length > _setup.MaxInstances)
            throw new ArgumentOutOfRangeException(nameof(instances),
                $"{instances.Length} instances exceed the engine's {_setup.MaxInstances}.");
        if (_packing.Pack(instances))
        {
            _defectView = _defects.Upload(_packing.Data);
            DefectUploads++;
        }
        var shape = new StepShape(_batch, _packing.Instances * _batch);
        Forward(step, shape);
        Backward(shape);
        CorrectDefectiveCells(shape, instances.Length);
        var (stepSize, eps) = _setup.Optimizer.Advance(learningRate);
        var adam = _setup.Optimizer;
        _kernels.Adam(_layout.Count, _parameters, _gradients, _m, _v, _signs,
            new AdamArguments(adam.Beta1, adam.Beta2, 1f - adam.Beta1, 1f - adam.Beta2, stepSize, eps,
                _layout.ClipEnd, _layout.WeightEnd));
    }

    public (double LossSum, int Errors) Totals()
    {
        _kernels.Loss(SumKernels.LossConfig, _rowLoss, _rowWrong, _loss, _errors, (int)_rowLoss.Length);
        _loss.CopyToCPU(_hostLoss);
        _errors.CopyToCPU(_hostErrors);
        return (_hostLoss[0], _hostErrors[0]);
    }

    public void Synchronize()
    {
        var parameters = _setup.Network.Parameters;
        var adam = _setup.Optimizer;
        for (int p = 0; p < _layout.Arrays; p++)
        {
            int start = _layout.Starts[p];
            int length = parameters[p].Length;
            _parameters.SubView(start, length).CopyToCPU(parameters[p]);
            _m.SubView(start, length).CopyToCPU(adam.M[p]);
            _v.SubView(start, length).CopyToCPU(adam.V[p]);
        }
    }

    /// <summary>The gradient of the last step, per parameter array (tests compare it with the CPU engine's).</summary>
    internal float[][] Gradients()
    {
        var result = new float[_layout.Arrays][];
        for (int p = 0; p < result.Length; p++)
        {
            result[p] = new float[_layout.Starts[p + 1] - _layout.Starts[p]];
            _gradients.SubView(_layout.Starts[p], result[p].Length).CopyToCPU(result[p]);
        }
        return result;
    }

    public void Dispose()
    {
        foreach (var buffer in _owned)
            buffer.Dispose();
        _owned.Clear();
        _defects?.Dispose();
    }

    // ---------------------------------------------------------------- forward

    private void Forward(int step, StepShape shape)
    {
        int inputs = _widths[0];
        _kernels.Gather(new Index2D(_batch, inputs), _order, _trainInputs, _trainLabels, _x,
            _labels, new GatherArguments(_batch, inputs, step * _batch));
        // The first layer's product is the same for every instance: once, B columns.
        _gpu.Gemm(true, false, _widths[1], _batch, inputs, 1f, Weights(0), _widths[1], _x, _batch, 0f,
            _shared, _batch);
        float off = _spec.Encoding.Off();
        for (int l = 0; l < _layers; l++)
        {
            int outputs = _widths[l + 1];
            var z = _z[l];
            if (l > 0)
                _gpu.Gemm(true, false, outputs, shape.Columns, _widths[l], 1f, Weights(l), outputs,
                    _activation[l - 1], shape.Columns, 0f, z, shape.Columns);
            var arguments = new ForwardArguments(shape, _packing.Forward(l, _layout.WeightsAt(l)),
                l == 0 ? _batch : shape.Columns, l == 0 ? _batch : shape.Columns, _layout.OffsetStarts[l],
                l + 1 == _layers ? 1 : 0, off);
            _kernels.Forward(new Index2D(shape.Columns, outputs), l == 0 ? _shared : z,
                l == 0 ? _x : _activation[l - 1], _defectView, _parameters, z,
                _activation[l], arguments);
        }
        int last = _layers - 1;
        _kernels.Softmax(shape.Columns, _z[last], _labels, _rowLoss, _dz[last], _rowWrong,
            new SoftmaxArguments(shape, _widths[^1], _spec.OutputScale, 1f / shape.Columns));
    }

    // ---------------------------------------------------------------- backward

    private void Backward(StepShape shape)
    {
        int columns = shape.Columns;
        int instances = _packing.Instances;
        for (int l = _layers - 1; l >= 1; l--)
        {
            int inputs = _widths[l];
            int outputs = _widths[l + 1];
            var dz = _dz[l];
            _gpu.Gemm(false, true, inputs, outputs, columns, 1f, _activation[l - 1], columns, dz, columns, 0f,
                _gradients.SubView(_layout.WeightsAt(l), inputs * outputs), outputs);
            if (_layout.OffsetStarts[l] >= 0)
            {
                _kernels.OverSamples(new Index2D(instances, outputs), dz, _sampleSums,
                    new SampleSumArguments(_batch, columns, instances, 0));
                _kernels.OverInstances(new Index2D(1, outputs), _sampleSums, _gradients,
                    new PairwiseArguments(instances, instances, 1, 1, _layout.OffsetStarts[l]));
            }
            _gpu.Gemm(false, false, inputs, columns, outputs, 1f, Weights(l), outputs, dz, columns, 0f, _da,
                columns);
            _kernels.Backward(new Index2D(columns, inputs), _da, dz, _defectView, _parameters,
                _z[l - 1], _dz[l - 1],
                new BackwardArguments(shape, _packing.Backward(l, _layout.WeightsAt(l)), _steScale[l - 1],
                    _steBound[l - 1]));
        }
        // The first layer: Xᵀ·(Σₖ δₖ), one product for all instances.
        var delta = _dz[0];
        if (instances > 1)
        {
            _kernels.OverInstances(new Index2D(_batch, _widths[1]), delta, _instanceSum,
                new PairwiseArguments(instances, columns, _batch, _batch, 0));
            delta = _instanceSum;
        }
        _gpu.Gemm(false, true, _widths[0], _widths[1], _batch, 1f, _x, _batch, delta, _batch, 0f,
            _gradients.SubView(0, _widths[0] * _widths[1]), _widths[1]);
        if (_layout.OffsetStarts[0] >= 0)
            _kernels.OverSamples(new Index2D(1, _widths[1]), delta, _gradients,
                new SampleSumArguments(_batch, _batch, 1, _layout.OffsetStarts[0]));
    }

    // ---------------------------------------------------------------- defective cells

    /// <summary>Takes each instance's own term out of the weight gradient at its defective cells (one instance: the
    /// cells' gradient is set to zero, as a fixed cell never moves).</summary>
    private void CorrectDefectiveCells(StepShape shape, int defective)
    {
        for (int l = 0; l < _layers; l++)
        {
            if (_packing.CellsIn(l) == 0)
                continue;
            if (defective == 1)
            {
                var (first, count) = _packing.Entries(l, 0);
                _kernels.ZeroCells(count, _defectView, _gradients, _packing.Forward(l, 0).EntriesAt, first,
                    _layout.WeightsAt(l));
                continue;
            }
            int cells = _widths[l] * _widths[l + 1];
            int chunk = (int)Math.Clamp(_terms.Length / cells, 1, _packing.Instances);
            var input = l == 0 ? _x : _activation[l - 1];
            for (int k0 = 0; k0 < _packing.Instances; k0 += chunk)
            {
                int instances = Math.Min(chunk, _packing.Instances - k0);
                var arguments = new CellArguments(shape, _packing.Forward(l, _layout.WeightsAt(l)), k0, instances,
                    cells, l == 0 ? _batch : shape.Columns, _layout.WeightsAt(l));
                _kernels.CellTerms(new Index2D(instances, _widths[l + 1]), input, _dz[l], _defectView,
                    _terms, arguments);
                _kernels.SubtractCellTerms(cells, _terms, _gradients, arguments);
            }
        }
    }

    // ---------------------------------------------------------------- set-up

    /// <summary>The weights layer l's products use: their signs, or the latent weights of a real digital layer.
    /// </summary>
    private ArrayView<float> Weights(int layer)
    {
        int size = _widths[layer] * _widths[layer + 1];
        return _spec.IsReal(layer)
            ? _parameters.SubView(_layout.WeightsAt(layer), size)
            : _signs.SubView(_layout.WeightsAt(layer), size);
    }

    private void Upload(TrainingEngineSetup setup)
    {
        var parameters = setup.Network.Parameters;
        for (int p = 0; p < _layout.Arrays; p++)
        {
            int start = _layout.Starts[p];
            _parameters.SubView(start, parameters[p].Length).CopyFromCPU(parameters[p]);
            _m.SubView(start, parameters[p].Length).CopyFromCPU(setup.Optimizer.M[p]);
            _v.SubView(start, parameters[p].Length).CopyFromCPU(setup.Optimizer.V[p]);
        }
        _kernels.Signs(_layout.WeightEnd, _parameters, _signs);
        _trainInputs.CopyFromCPU(setup.Train.Inputs.AsSpan(0, setup.Train.Count * setup.Train.Features));
        _trainLabels.CopyFromCPU(setup.Train.Labels.AsSpan(0, setup.Train.Count));
    }

    private ArrayView<T> Allocate<T>(long length) where T : unmanaged
    {
        var buffer = _gpu.Accelerator.Allocate1D<T>(Math.Max(1, length));
        _owned.Add(buffer);
        return buffer.View;
    }

    private int MaxDeeperInput()
    {
        int max = 0;
        for (int l = 1; l < _layers; l++)
            max = Math.Max(max, _widths[l]);
        return max;
    }

    private long TermsLength(int instances)
    {
        long cells = 0;
        for (int l = 0; l < _layers; l++)
            cells = Math.Max(cells, (long)_widths[l] * _widths[l + 1]);
        return Math.Clamp(cells * instances, cells, Math.Max(cells, TermBudget));
    }

    /// <summary>The straight-through estimator's slope and window of each layer, as the CPU engine computes them.
    /// </summary>
    private static (float[] Scale, float[] Bound) StraightThrough(NetworkSpec spec, int[] widths, float window)
    {
        var scale = new float[spec.LayerCount];
        var bound = new float[spec.LayerCount];
        float half = spec.Encoding == Data.InputEncoding.ZeroOne ? 0.5f : 1f;
        for (int l = 0; l < scale.Length; l++)
        {
            scale[l] = half / (window * MathF.Sqrt(widths[l]));
            bound[l] = window * MathF.Sqrt(widths[l]) + Signs.TieTolerance;
        }
        return (scale, bound);
    }

    /// <summary>Device memory a run needs, in bytes (the defect uploads aside).</summary>
    private static long Bytes(TrainingEngineSetup setup, long columns)
    {
        var widths = setup.Network.Spec.Widths;
        long parameters = setup.Network.Parameters.Sum(p => (long)p.Length);
        long floats = 5 * parameters + (long)setup.Train.Count * setup.Train.Features + 3L * widths[1] * setup.Batch
            + (long)widths[0] * setup.Batch;
        for (int l = 1; l < widths.Length; l++)
            floats += 4 * widths[l] * columns;
        return 4 * floats + 8 * columns + setup.Train.Count * 5L;
    }
}
