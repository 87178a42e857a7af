using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Deployment;
using CrossbarLab.Devices;
using CrossbarLab.Hardware;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Deployment;

/// <summary>
/// What the hardware-aware estimate times: the backend's own training engine, built for the die's defects, stepping
/// through one shuffled epoch order as training does, with every timed step finished before the clock is read.
/// </summary>
public class HardwareAwareCostTests
{
    [Fact]
    public void TheEstimateStepsTheBackendsEngineThroughAShuffledEpochAndWaitsForTheLastStep()
    {
        var spec = NetworkSpec.Die;
        var die = new Fab(DefectStatistics.Reference, DeviceModel.SttMram, ArrayGeometry.Nist20k).MakeDies(1, 4)[0];
        var options = new TrainingOptions() with { BatchSize = 50, Epochs = 3 };
        var train = TestData.Prototypes(120, spec.Inputs, 5);
        var backend = new RecordingBackend();

        double seconds = HardwareAwareCost.Estimate(spec, options, die, train, backend);

        Assert.True(seconds > 0 && double.IsFinite(seconds), $"estimate {seconds} s");
        Assert.Equal(50, backend.Setup!.Batch);
        Assert.Equal(1, backend.Setup.MaxInstances);
        var order = Assert.Single(backend.Orders);
        Assert.Equal(Enumerable.Range(0, 120), order.Order());      // a permutation of the training set
        Assert.NotEqual(Enumerable.Range(0, 120), order);             // shuffled, as an epoch is
        // 20 warm-up and 200 timed steps; 120 / 50 = 2 whole minibatches per epoch, so the step index wraps.
        Assert.Equal(HardwareAwareCost.TimedSteps * 11 / 10, backend.Steps.Count);
        Assert.All(backend.Steps, s => Assert.InRange(s.Index, 0, 1));
        Assert.All(backend.Steps, s => Assert.Equal(1, s.Instances));
        Assert.Equal("sync", backend.Events[^1]);                    // the last timed step finished before the clock
        Assert.Equal(2, backend.Events.Count(e => e == "sync"));     // after the warm-up, and after the timed steps
    }

    /// <summary>A backend with a training engine of its own (as the GPU's), recording what the engine is asked.</summary>
    private sealed class RecordingBackend : ICompute, ITrainingEngineFactory
    {
        private readonly CpuCompute _cpu = new();
        public TrainingEngineSetup? Setup { get; private set; }
        public List<int[]> Orders { get; } = [];
        public List<(int Index, int Instances)> Steps { get; } = [];
        public List<string> Events { get; } = [];
        public string Name => "recording";

        public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
            ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
            _cpu.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

        public void BinaryGemm(ReadOnlySpan<ulong> a, int m, ReadOnlySpan<ulong> b, int n, int bits, Span<float> c,
            int ldc) => _cpu.BinaryGemm(a, m, b, n, bits, c, ldc);

        public ITrainingEngine CreateTrainingEngine(TrainingEngineSetup setup)
        {
            Setup = setup;
            return new RecordingEngine(new CpuTrainingEngine(setup, _cpu), this);
        }

        private sealed class RecordingEngine(ITrainingEngine inner, RecordingBackend log) : ITrainingEngine
        {
            public void BeginEpoch(ReadOnlySpan<int> order)
            {
                log.Orders.Add(order.ToArray());
                log.Events.Add("epoch");
                inner.BeginEpoch(order);
            }

            public void Step(int step, ReadOnlySpan<CellDefects> instances, float learningRate)
            {
                log.Steps.Add((step, instances.Length));
                log.Events.Add("step");
                inner.Step(step, instances, learningRate);
            }

            public (double LossSum, int Errors) Totals() => inner.Totals();

            public void Synchronize()
            {
                log.Events.Add("sync");
                inner.Synchronize();
            }

            public void Dispose() => inner.Dispose();
        }
    }
}
