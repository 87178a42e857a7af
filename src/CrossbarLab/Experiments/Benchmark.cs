using System.Diagnostics;
using System.Runtime.InteropServices;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Evaluation;
using CrossbarLab.Model;
using CrossbarLab.Results;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>
/// Measures the engine on this machine with generated data (no MNIST needed): full training steps (forward, backward,
/// Adam) on each backend's training engine, evaluation of one network on many dies, bit-packed inference, and the two
/// product kernels, for every backend given (the CPU, and a GPU where there is one). Each figure is the rate over at
/// least <see cref="Seconds"/> of work after a warm-up; work a GPU still has queued is waited for inside the timing.
/// </summary>
/// <param name="config">The network (image size, hidden layers), the minibatch (training.batch_size), the array and
/// devices, the population the evaluation's dies are drawn from, and the bench section (seconds, K values, defect
/// rate, dies and images).</param>
public sealed class Benchmark(RunConfig config)
{
    /// <summary>Samples in one MNIST training epoch, for the per-epoch figure.</summary>
    public const int EpochSamples = 60_000;

    private int Batch => config.Training.BatchSize;

    private double Seconds => config.Bench.Seconds;

    /// <summary>Runs every row on <paramref name="compute"/> and returns the report.</summary>
    public BenchmarkReport Run(ICompute compute, IProgress<string>? progress = null) => Run([compute], progress);

    /// <summary>Runs every row on each of <paramref name="backends"/> in turn and returns one report.</summary>
    /// <param name="device">The GPU the rows ran on, in words, if one did.</param>
    public BenchmarkReport Run(IReadOnlyList<ICompute> backends, IProgress<string>? progress = null,
        string? device = null)
    {
        config.Validate();
        var spec = config.Net;
        // A reproduction the configuration cannot run is refused before minutes of measuring, not after.
        var reproduce = ReproductionConfig();
        if (reproduce != null)
            new Reproduction(reproduce, backends[0]).Validate();
        var rows = new List<BenchmarkRow>();
        foreach (var compute in backends)
        {
            var mine = new List<BenchmarkRow>();
            string name = compute.Name;
            progress?.Report($"{name}: train.software");
            mine.Add(Training(spec, compute));
            bool ownEngine = compute is ITrainingEngineFactory;
            if (!ownEngine)
            {
                progress?.Report($"{name}: infer.packed");
                mine.Add(Inference(spec, compute));
            }
            foreach (int k in config.Bench.InstanceCounts)
            {
                progress?.Report($"{name}: train.statistics-aware (K = {k})");
                mine.Add(StatisticsAware(spec, compute, k, dense: false));
                if (ownEngine)
                    continue;
                progress?.Report($"{name}: train.statistics-aware.dense (K = {k})");
                mine.Add(StatisticsAware(spec, compute, k, dense: true));
            }
            progress?.Report($"{name}: eval.dies ({config.Bench.Dies} dies × {config.Bench.Images} images)");
            mine.Add(EvaluationOnDies(spec, compute));
            if (reproduce != null)
            {
                string row = $"reproduce.{config.Bench.Reproduce}";
                progress?.Report($"{name}: {row}");
                mine.Add(TimedReproduction(reproduce, compute, row));
            }
            // A simulated device's kernel rates would say nothing about hardware (and take minutes to measure).
            if (compute is not IKernelRates { MeasuresHardware: false })
            {
                progress?.Report($"{name}: gemm.sgemm");
                mine.Add(Sgemm(compute));
                progress?.Report($"{name}: gemm.xnor");
                mine.Add(Xnor(compute));
            }
            rows.AddRange(WithFractionOfSgemm(mine).Select(r => r with { Backend = name }));
        }
        string names = string.Join("+", backends.Select(b => b.Name));
        return new BenchmarkReport(Machine(), names, spec.Shape, Batch, config.Bench.DefectRate, rows, device);
    }

    /// <summary>The reproduction <c>bench.reproduce</c> asks to time, if any.</summary>
    private RunConfig? ReproductionConfig() => config.Bench.Reproduce switch
    {
        "quick" => config.Quick().ForCommand("reproduce"),
        "full" => config.ForCommand("reproduce"),
        _ => null,
    };

    /// <summary>
    /// The wall-clock seconds of one whole reproduction of <paramref name="reproduceConfig"/> on
    /// <paramref name="compute"/>, in a temporary folder removed afterwards (a row named <paramref name="name"/>).
    /// </summary>
    internal static BenchmarkRow TimedReproduction(RunConfig reproduceConfig, ICompute compute, string name)
    {
        string path = Path.Combine(Path.GetTempPath(), $"crossbar-bench-{Guid.NewGuid():N}");
        try
        {
            var clock = Stopwatch.StartNew();
            using (var dir = IO.RunDirectory.Prepare(path, force: false))
                new Reproduction(reproduceConfig, compute).Run(dir, resume: false);
            return new BenchmarkRow(name, 1, clock.Elapsed.TotalSeconds, "s (wall clock)");
        }
        finally
        {
            if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>Every row gets its operation rate as a fraction of its backend's SGEMM row: items/s × operations per
    /// item for the training, evaluation and inference rows, the kernels' own rates (in units of 10⁹ operations per
    /// second); none for a timed reproduction, nor without an SGEMM row.</summary>
    private static IEnumerable<BenchmarkRow> WithFractionOfSgemm(List<BenchmarkRow> rows)
    {
        var sgemmRow = rows.SingleOrDefault(r => r.Name == "gemm.sgemm.512");
        if (sgemmRow == null)
            return rows;
        double sgemm = sgemmRow.Throughput * 1e9; // FLOP/s
        return rows.Select(r => r with
        {
            FractionOfSgemm = r.FlopsPerItem is double flops ? r.Throughput * flops / sgemm
                : r.Name.StartsWith("gemm.", StringComparison.Ordinal) ? r.Throughput * 1e9 / sgemm
                : null,
        });
    }

    /// <summary>
    /// Floating-point operations per item of a training step (forward, backward, weight gradient), a multiply-add
    /// counting as two whether on ±1 bits or floats. With n_l the layer widths and c_l the mean defective cells of
    /// layer l per instance, per sample × instance:
    /// <list type="bullet">
    /// <item>first layer, dense and shared by the K instances: forward X·sign(W₀) and weight gradient Xᵀ·Σδ, 2·2·n₀·n₁/K;</item>
    /// <item>deeper layers l ≥ 1, per instance: forward, ∂L/∂a and weight gradient, 3·2·n_l·n_{l+1};</item>
    /// <item>sparse corrections at the defective cells: forward 2·c_l (every layer), backward through the weights
    /// 2·c_l (l ≥ 1; the first layer's input gradient is not needed), and the removal of each instance's own
    /// weight-gradient term 2·c_l (every layer).</item>
    /// </list>
    /// The dense oracle (<paramref name="dense"/>) computes every layer in full per instance: 3·2·n_l·n_{l+1} for
    /// l ≥ 1 and 2·2·n₀·n₁, no sharing and no corrections; software training is either with K = 1 and no defects.
    /// Softmax, activations, the straight-through estimator, sampling the defects and the optimiser are not counted:
    /// a few operations per value, not per product.
    /// </summary>
    public static double TrainingFlopsPerItem(int[] widths, int k, IReadOnlyList<double> cellsPerInstance, bool dense)
    {
        double first = 2.0 * 2 * widths[0] * widths[1];
        double flops = dense ? first : first / k;
        for (int l = 1; l + 1 < widths.Length; l++) flops += 3.0 * 2 * widths[l] * widths[l + 1];
        if (dense) return flops;
        for (int l = 0; l < cellsPerInstance.Count; l++) flops += (l == 0 ? 2 : 3) * 2.0 * cellsPerInstance[l];
        return flops;
    }

    /// <summary>Floating-point operations per sample of inference: the forward products, 2·n_l·n_{l+1} per layer.</summary>
    private static double InferenceFlopsPerSample(int[] widths)
    {
        double flops = 0;
        for (int l = 0; l + 1 < widths.Length; l++) flops += 2.0 * widths[l] * widths[l + 1];
        return flops;
    }

    /// <summary>A one-line description of this machine.</summary>
    public static string Machine()
    {
        string cpu = "unknown CPU";
        try
        {
            var line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name")) : null;
            if (line != null) cpu = line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        return $"{cpu}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    private EncodedSet RandomData(int count, int features)
    {
        var rng = new RandomStream(0, "bench-data");
        var x = new float[count * features];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextUInt64() % 2 == 0 ? 1f : -1f;
        var labels = new byte[count];
        for (int i = 0; i < count; i++) labels[i] = (byte)rng.NextInt(10);
        return new EncodedSet(count, features, x, labels);
    }

    private BenchmarkRow Training(NetworkSpec spec, ICompute compute)
    {
        var options = config.Training;
        var data = RandomData(Batch, spec.Inputs);
        var network = BinaryNetwork.Initialize(spec, 1, options.InitScale);
        var adam = new Adam(network.Parameters, options.Beta1, options.Beta2, options.Epsilon,
            clipped: spec.LayerCount);
        using var engine = TrainingEngines.Create(compute,
            new TrainingEngineSetup(network, adam, data, Batch, options.SteWindow, 1));
        engine.BeginEpoch(Enumerable.Range(0, Batch).ToArray());
        double rate = Measure(() =>
        {
            engine.Step(0, [], options.LearningRate);
            return Batch;
        }, () => engine.Totals());
        return new BenchmarkRow("train.software", 1, rate, "samples/s", EpochSamples / rate,
            TrainingFlopsPerItem(spec.Widths, 1, [], dense: true));
    }

    /// <summary>
    /// Full statistics-aware steps: K fresh defect maps drawn, forward and backward over samples × instances, Adam. The
    /// dense row builds K dense effective-weight matrices and runs K full float passes (the oracle); the other runs the
    /// backend's training engine (the sparse fast path of <see cref="Backprop"/> on the CPU). Defects are drawn on an
    /// array sized to hold the network.
    /// </summary>
    private BenchmarkRow StatisticsAware(NetworkSpec spec, ICompute compute, int k, bool dense)
    {
        var options = config.Training with { Regime = Regime.StatisticsAware, K = k, Pool = 0 };
        var data = RandomData(Batch, spec.Inputs);
        var network = BinaryNetwork.Initialize(spec, 1, options.InitScale);
        var stats = config.Population.AtPointRate(config.Bench.DefectRate);
        var source = DefectSources.Create(options, spec, config.Device, ArrayFor(spec), stats, seed: 1);
        var adam = new Adam(network.Parameters, options.Beta1, options.Beta2, options.Epsilon,
            clipped: spec.LayerCount);
        var gradients = network.Parameters.Select(w => new float[w.Length]).ToArray();
        var instances = new Hardware.CellDefects[k];
        using var engine = dense ? null : TrainingEngines.Create(compute,
            new TrainingEngineSetup(network, adam, data, Batch, options.SteWindow, k));
        engine?.BeginEpoch(Enumerable.Range(0, Batch).ToArray());
        var oracle = dense ? new DenseDoubleBatch(spec, Batch, options.SteWindow, compute) : null;
        var cells = new double[spec.LayerCount]; // defective cells drawn, per layer, for the operation count
        long step = 0;
        double rate = Measure(() =>
        {
            source.Draw(step++, instances);
            foreach (var instance in instances)
                for (int l = 0; l < cells.Length; l++) cells[l] += instance.Layers[l].Cells.Length;
            if (engine != null)
                engine.Step(0, instances, options.LearningRate);
            else
            {
                oracle!.Run(network, data.Inputs, data.Labels, Batch, instances, gradients);
                adam.Update(network.Parameters, gradients, options.LearningRate);
            }
            return Batch * k;
        }, () => engine?.Totals());
        var cellsPerInstance = cells.Select(c => c / ((double)step * k)).ToArray();
        return new BenchmarkRow(dense ? "train.statistics-aware.dense" : "train.statistics-aware", k, rate, "samples×instances/s",
            EpochSamples * (double)k / rate, TrainingFlopsPerItem(spec.Widths, k, cellsPerInstance, dense));
    }

    /// <summary>
    /// One network evaluated on every die of a population (as a reproduction evaluates each solution): the dies'
    /// effective weights are built and every die × image classified, through <see cref="DieEvaluator"/> (on a GPU,
    /// all in one launch). Throughput in dies × images per second.
    /// </summary>
    private BenchmarkRow EvaluationOnDies(NetworkSpec spec, ICompute compute)
    {
        var bench = config.Bench;
        var data = RandomData(bench.Images, spec.Inputs);
        var network = BinaryNetwork.Initialize(spec, 1, config.Training.InitScale);
        var dies = new Hardware.Fab(config.Population, config.Device, ArrayFor(spec)).MakeDies(bench.Dies, 1);
        var evaluator = new DieEvaluator(compute);
        double rate = Measure(() =>
        {
            evaluator.Errors(network, dies, data);
            return bench.Dies * bench.Images;
        });
        return new BenchmarkRow("eval.dies", 1, rate, "dies×images/s",
            FlopsPerItem: InferenceFlopsPerSample(spec.Widths));
    }

    /// <summary>The configured array if the network fits it, else as many tiles of its size as the network needs.</summary>
    private Hardware.ArrayGeometry ArrayFor(NetworkSpec spec)
    {
        var array = config.Array;
        try
        {
            Hardware.DifferentialMapping.Create(spec.OnDieWidths, array);
            return array;
        }
        catch (InvalidConfigurationException)
        {
            var w = spec.Widths;
            int pairs = 0;
            for (int l = 0; l + 1 < w.Length; l++)
                pairs += (w[l] + array.TileRows - 1) / array.TileRows * ((w[l + 1] + array.TileColumns - 1) / array.TileColumns);
            return array with { Tiles = 2 * pairs };
        }
    }

    private BenchmarkRow Inference(NetworkSpec spec, ICompute compute)
    {
        var data = RandomData(PackedInference.ChunkSize, spec.Inputs);
        var inference = new PackedInference(BinaryNetwork.Initialize(spec, 1, 0.1f), compute);
        double rate = Measure(() => { inference.Forward(data.Packed, data.Count); return data.Count; });
        return new BenchmarkRow("infer.packed", 1, rate, "samples/s", FlopsPerItem: InferenceFlopsPerSample(spec.Widths));
    }

    private BenchmarkRow Sgemm(ICompute compute)
    {
        const int n = 512;
        if (compute is IKernelRates kernels)
            return new BenchmarkRow("gemm.sgemm.512", 1, kernels.SgemmGflops(n, Seconds), "GFLOP/s");
        var a = new float[n * n]; var b = new float[n * n]; var c = new float[n * n];
        var rng = new RandomStream(0, "bench-gemm");
        for (int i = 0; i < a.Length; i++) { a[i] = rng.NextSingle(); b[i] = rng.NextSingle(); }
        double rate = Measure(() => { compute.Gemm(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n); return 1; });
        return new BenchmarkRow("gemm.sgemm.512", 1, rate * 2.0 * n * n * n / 1e9, "GFLOP/s");
    }

    private BenchmarkRow Xnor(ICompute compute)
    {
        const int m = 1024, n = 512, bits = 784;
        const string name = "gemm.xnor.1024x512x784", unit = "Gop/s (binary)";
        if (compute is IKernelRates kernels)
            return new BenchmarkRow(name, 1, kernels.XnorGops(m, n, bits, Seconds), unit);
        int words = BitPacking.WordsFor(bits);
        var rng = new RandomStream(0, "bench-xnor");
        var a = new ulong[m * words]; var b = new ulong[n * words]; var c = new float[m * n];
        for (int i = 0; i < a.Length; i++) a[i] = rng.NextUInt64();
        for (int i = 0; i < b.Length; i++) b[i] = rng.NextUInt64();
        // Clear the padding bits so the product is well defined.
        ulong mask = bits % 64 == 0 ? ulong.MaxValue : (1UL << (bits % 64)) - 1;
        for (int r = 0; r < m; r++) a[r * words + words - 1] &= mask;
        for (int r = 0; r < n; r++) b[r * words + words - 1] &= mask;
        double rate = Measure(() => { compute.BinaryGemm(a, m, b, n, bits, c, n); return 1; });
        return new BenchmarkRow(name, 1, rate * 2.0 * m * n * bits / 1e9, unit);
    }

    /// <summary>
    /// Runs <paramref name="work"/> (returning the items it processed) for a warm-up and then at least
    /// <see cref="Seconds"/>; returns items per second. <paramref name="drain"/> waits for work a backend still has
    /// queued (a GPU's steps run after the call returns): after the warm-up, and inside the timing at the end.
    /// </summary>
    private double Measure(Func<int> work, Action? drain = null)
    {
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < Math.Min(0.5, Seconds / 4)) work();
        drain?.Invoke();
        long items = 0;
        var clock = Stopwatch.StartNew();
        do items += work(); while (clock.Elapsed.TotalSeconds < Seconds);
        drain?.Invoke();
        return items / clock.Elapsed.TotalSeconds;
    }
}
