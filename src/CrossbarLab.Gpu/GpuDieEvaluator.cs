using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.Model;
using ILGPU;
using ILGPU.Runtime;

namespace CrossbarLab.Gpu;

/// <summary>
/// Evaluates one network on many dies at once on the GPU: every (die, image) pair in one launch of
/// <see cref="DieForwardKernel"/>, from the dies' effective weights, with the semantics of
/// <see cref="Evaluation.DenseEvaluator"/> (float products, ties within <see cref="Compute.Signs.TieTolerance"/>).
/// </summary>
/// <remarks>
/// Only the order of float summation differs from the CPU, so a prediction can differ only where a hidden sum lies
/// within rounding (~1e-5 for this project's sizes) of the activation threshold, or the top two output sums lie within
/// rounding of the tie tolerance. Images go in chunks sized so the hidden activations of all dies fit
/// <see cref="ScratchBudgetBytes"/>; device buffers are kept between calls.
/// Holds device buffers, so one instance serves one thread of control at a time.
/// </remarks>
public sealed class GpuDieEvaluator : IDisposable
{
    /// <summary>Device memory for hidden activations per launch, in bytes (two ping-pong halves).</summary>
    public const long ScratchBudgetBytes = 256L << 20;

    private readonly GpuCompute _compute;
    private readonly long _scratchBudgetBytes;
    private readonly AllocationCounter _allocations = new();
    private readonly DeviceBuffer<float> _inputs, _weights, _scratch, _bias;
    private long _biasLength;
    private readonly DeviceBuffer<int> _layers, _predictions, _errors;
    private readonly DeviceBuffer<byte> _labels;

    /// <summary>Creates an evaluator on the accelerator of <paramref name="compute"/>, which keeps owning it.
    /// </summary>
    public GpuDieEvaluator(GpuCompute compute) : this(compute, ScratchBudgetBytes) { }

    /// <summary>Creates an evaluator with another scratch budget (tests use a tiny one to force many chunks).</summary>
    internal GpuDieEvaluator(GpuCompute compute, long scratchBudgetBytes)
    {
        _compute = compute;
        _scratchBudgetBytes = scratchBudgetBytes;
        var accelerator = compute.Accelerator;
        _inputs = new DeviceBuffer<float>(accelerator, _allocations);
        _weights = new DeviceBuffer<float>(accelerator, _allocations);
        _scratch = new DeviceBuffer<float>(accelerator, _allocations);
        _bias = new DeviceBuffer<float>(accelerator, _allocations);
        _layers = new DeviceBuffer<int>(accelerator, _allocations);
        _predictions = new DeviceBuffer<int>(accelerator, _allocations);
        _errors = new DeviceBuffer<int>(accelerator, _allocations);
        _labels = new DeviceBuffer<byte>(accelerator, _allocations);
    }

    /// <summary>
    /// Errors (and, if <paramref name="keepPredictions"/>, predictions) of <paramref name="network"/> on each die, from
    /// <see cref="EffectiveWeights.For"/> with one <see cref="DifferentialMapping"/> of its on-die layers per array
    /// geometry, with the network's offsets and gains.
    /// </summary>
    /// <param name="saturation">If set, the value (±) a single shorted device forces on its cell.</param>
    public MultiDieEvaluation Evaluate(BinaryNetwork network, IReadOnlyList<Die> dies, EncodedSet data,
        bool keepPredictions = false, double? saturation = null)
    {
        var widths = network.Spec.Widths;
        var weights = new float[dies.Count][][];
        DifferentialMapping? mapping = null;
        for (int d = 0; d < dies.Count; d++)
        {
            if (mapping == null || mapping.Geometry != dies[d].Geometry)
                mapping = EffectiveWeights.Mapping(network.Spec, dies[d].Geometry);
            weights[d] = EffectiveWeights.For(network, dies[d], mapping, saturation);
        }
        return Evaluate(weights, widths, data, keepPredictions, network.Offsets, network.Gains);
    }

    /// <summary>
    /// Errors (and, if <paramref name="keepPredictions"/>, predictions) of a network of layer widths
    /// <paramref name="widths"/> on each die, given per die the effective weights of every layer (inputs × outputs,
    /// row-major float, as <see cref="EffectiveWeights.For"/> makes them). Hidden neurons output 1 or the data's
    /// encoding's off value.
    /// </summary>
    /// <param name="offsets">Per layer, offsets added to the column sums (null, or empty arrays: none).</param>
    /// <param name="gains">Per layer, gains multiplying the column sums before the offsets (null, or empty arrays:
    /// none).</param>
    public MultiDieEvaluation Evaluate(IReadOnlyList<float[][]> effectiveWeights, int[] widths, EncodedSet data,
        bool keepPredictions = false, float[][]? offsets = null, float[][]? gains = null)
    {
        if (data.Features != widths[0])
            throw new InvalidConfigurationException(
                $"the data has {data.Features} inputs per sample but the network expects {widths[0]}.");
        int dies = effectiveWeights.Count;
        var errors = new int[dies];
        int[][]? predictions = keepPredictions ? NewPredictions(dies, data.Count) : null;
        if (dies == 0 || data.Count == 0)
            return new MultiDieEvaluation(data.Count, errors, predictions);

        var layers = UploadWeights(effectiveWeights, widths, offsets, gains);
        int maxHidden = widths.Length > 2 ? widths[1..^1].Max() : 0;
        int chunk = ChunkSize(dies, maxHidden, data.Count);
        var deviceErrors = _errors.Upload(errors);
        var labels = _labels.Upload(data.Labels);
        var transposed = new float[(long)chunk * data.Features];
        var hostPredictions = keepPredictions ? new int[dies * chunk] : null;
        for (int start = 0; start < data.Count; start += chunk)
        {
            int n = Math.Min(chunk, data.Count - start);
            var inputs = UploadTransposed(data, start, n, transposed);
            var scratch = _scratch.View(Math.Max(1, 2L * dies * maxHidden * n));
            var devicePredictions = _predictions.View((long)dies * n);
            var arguments = new DieForwardArguments(n, dies, widths.Length - 1, maxHidden, HasLabels: 1,
                data.Encoding.Off());
            _compute.Kernels.DieForward(new Index2D(n, dies), inputs, _weights.View(WeightCount(effectiveWeights)),
                layers, _bias.View(_biasLength), scratch, labels.SubView(start, n), devicePredictions, deviceErrors,
                arguments);
            if (hostPredictions == null)
                continue;
            devicePredictions.CopyToCPU(hostPredictions.AsSpan(0, dies * n));
            for (int d = 0; d < dies; d++)
                Array.Copy(hostPredictions, d * n, predictions![d], start, n);
        }
        deviceErrors.CopyToCPU(errors.AsSpan());
        return new MultiDieEvaluation(data.Count, errors, predictions);
    }

    /// <summary>Frees the device buffers (not the accelerator, which the <see cref="GpuCompute"/> owns).</summary>
    public void Dispose()
    {
        _inputs.Dispose();
        _weights.Dispose();
        _scratch.Dispose();
        _bias.Dispose();
        _layers.Dispose();
        _predictions.Dispose();
        _errors.Dispose();
        _labels.Dispose();
    }

    /// <summary>Device allocations made so far (tests check that buffers are reused).</summary>
    internal int DeviceAllocations => _allocations.Count;

    /// <summary>Images per launch: all, unless the hidden activations of all dies would exceed the budget.</summary>
    private int ChunkSize(int dies, int maxHidden, int count)
    {
        long perImage = Math.Max(1L, 2L * dies * maxHidden * sizeof(float));
        return (int)Math.Clamp(_scratchBudgetBytes / perImage, 1, count);
    }

    private static int[][] NewPredictions(int dies, int count)
    {
        var predictions = new int[dies][];
        for (int d = 0; d < dies; d++)
            predictions[d] = new int[count];
        return predictions;
    }

    private static long WeightCount(IReadOnlyList<float[][]> effectiveWeights) =>
        effectiveWeights.Count * (long)effectiveWeights[0].Sum(w => (long)w.Length);

    /// <summary>Uploads all weights, layer by layer and die by die within a layer, and the gains and offsets, and
    /// returns the layer table (<see cref="DieForwardKernel.Table"/> entries a layer) on the device.</summary>
    private ArrayView<int> UploadWeights(IReadOnlyList<float[][]> effectiveWeights, int[] widths, float[][]? offsets,
        float[][]? gains)
    {
        int layerCount = widths.Length - 1;
        long total = WeightCount(effectiveWeights);
        if (total > int.MaxValue)
            throw new ArgumentException($"{total} weights over all dies exceed one launch; evaluate fewer dies.");
        var all = new float[total];
        var table = new int[DieForwardKernel.Table * layerCount];
        var bias = new List<float>();
        int offset = 0;
        for (int l = 0; l < layerCount; l++)
        {
            int size = widths[l] * widths[l + 1];
            int at = DieForwardKernel.Table * l;
            table[at] = widths[l];
            table[at + 1] = widths[l + 1];
            table[at + 2] = offset;
            table[at + 3] = AddBias(bias, gains, l, widths[l + 1]);
            table[at + 4] = AddBias(bias, offsets, l, widths[l + 1]);
            for (int d = 0; d < effectiveWeights.Count; d++)
            {
                var w = effectiveWeights[d];
                if (w.Length != layerCount || w[l].Length != size)
                    throw new ArgumentException(
                        $"Die {d}: layer {l} has {(l < w.Length ? w[l].Length : 0)} weights, expected {size} " +
                        $"({widths[l]} × {widths[l + 1]}).");
                w[l].CopyTo(all, offset);
                offset += size;
            }
        }
        _weights.Upload(all);
        _biasLength = Math.Max(1, bias.Count);
        _bias.Upload(bias.Count == 0 ? [0f] : bias.ToArray());
        return _layers.Upload(table);
    }

    /// <summary>Appends layer l's values (gains or offsets) if it has them; returns where they start, or −1.</summary>
    private static int AddBias(List<float> bias, float[][]? values, int layer, int outputs)
    {
        if (values == null || layer >= values.Length || values[layer].Length == 0)
            return -1;
        if (values[layer].Length != outputs)
            throw new ArgumentException(
                $"Layer {layer} has {values[layer].Length} gains or offsets, expected {outputs}.");
        bias.AddRange(values[layer]);
        return bias.Count - outputs;
    }

    /// <summary>Uploads samples start … start + n − 1 feature-major (inputs[k·n + i]) for coalesced reads.</summary>
    private ArrayView<float> UploadTransposed(EncodedSet data, int start, int n, float[] transposed)
    {
        int features = data.Features;
        for (int i = 0; i < n; i++)
        {
            var row = data.Inputs.AsSpan((start + i) * features, features);
            for (int k = 0; k < features; k++)
                transposed[(long)k * n + i] = row[k];
        }
        return _inputs.Upload(transposed.AsSpan(0, features * n));
    }
}
