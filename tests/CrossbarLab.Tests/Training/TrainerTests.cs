using CrossbarLab.Compute;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Training;

public class TrainerTests
{
    private static readonly NetworkSpec Spec = new(6, 0.5, [40], 10, 0.2f);
    private static readonly TrainingOptions Options = new(Epochs: 4, BatchSize: 50, LearningRate: 0.005f);
    private const ulong Seed = 9;
    private static readonly CrossbarLab.Data.EncodedSet Train = TestData.Prototypes(2000, 36, 1);
    private static readonly CrossbarLab.Data.EncodedSet Test = TestData.Prototypes(500, 36, 2);

    [Fact]
    public void LearnsASeparableProblem()
    {
        var result = new Trainer(Spec, Options, Seed, new CpuCompute()).Train(Train, Test);
        Assert.Equal(4, result.Epochs.Count);
        Assert.True(result.TestError < 0.05, $"test error {result.TestError}");
        Assert.True(result.Epochs[^1].TrainLoss < result.Epochs[0].TrainLoss);
        Assert.Equal(result.TestError, new PackedInference(result.Network, new CpuCompute()).Error(Test));
    }

    [Fact]
    public void SameSeedGivesBitIdenticalWeights()
    {
        var a = new Trainer(Spec, Options, Seed, new CpuCompute()).Train(Train, Test);
        var b = new Trainer(Spec, Options, Seed, new CpuCompute(new WorkerPool(0))).Train(Train, Test);
        for (int l = 0; l < a.Network.Weights.Length; l++) Assert.Equal(a.Network.Weights[l], b.Network.Weights[l]);
        var c = new Trainer(Spec, Options, 10, new CpuCompute()).Train(Train, Test);
        Assert.NotEqual(a.Network.Weights[0], c.Network.Weights[0]);
    }

    private sealed class CancelAt(int epoch, CancellationTokenSource cts) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p) { if (p.Epoch == epoch) cts.Cancel(); }
    }

    [Fact]
    public void ResumingFromACheckpointEndsBitIdentical()
    {
        string path = Path.Combine(Path.GetTempPath(), $"crossbar-ckpt-{Guid.NewGuid():N}.json");
        try
        {
            var straight = new Trainer(Spec, Options, Seed, new CpuCompute()).Train(Train, Test);
            using var cts = new CancellationTokenSource();
            Assert.ThrowsAny<OperationCanceledException>(() =>
                new Trainer(Spec, Options, Seed, new CpuCompute()).Train(Train, Test, new CancelAt(3, cts), path, cancellation: cts.Token));
            var resumed = new Trainer(Spec, Options, Seed, new CpuCompute()).Train(Train, Test, null, path, resume: true);
            for (int l = 0; l < straight.Network.Weights.Length; l++) Assert.Equal(straight.Network.Weights[l], resumed.Network.Weights[l]);
            Assert.Equal(straight.Epochs.Select(e => e.TestError), resumed.Epochs.Select(e => e.TestError));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ResumingWithOtherSettingsIsRefused()
    {
        string path = Path.Combine(Path.GetTempPath(), $"crossbar-ckpt-{Guid.NewGuid():N}.json");
        try
        {
            new Trainer(Spec, Options with { Epochs = 1 }, Seed, new CpuCompute()).Train(Train, Test, null, path);
            var e = Assert.Throws<InvalidDataFileException>(() =>
                new Trainer(Spec, Options with { Epochs = 1 }, 99, new CpuCompute()).Train(Train, Test, null, path, resume: true));
            Assert.Contains("other settings (seed is 9 there, 99 here)", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ATrainingStepAllocatesNothing()
    {
        var spec = NetworkSpec.Die;
        var data = TestData.RandomSet(100, spec.Inputs, 3);
        var net = BinaryNetwork.Initialize(spec, 1, 0.1f);
        var backprop = new Backprop(spec, 100, 0.7f, new CpuCompute());
        var adam = new Adam(net.Weights, 0.9f, 0.999f, 1e-8f);
        var grads = net.Weights.Select(w => new float[w.Length]).ToArray();
        void Step()
        {
            backprop.SetWeights(net.Weights);
            backprop.Run(data.Inputs, data.Packed, data.Labels, 100, grads);
            adam.Update(net.Weights, grads, 0.001f);
        }
        for (int i = 0; i < 50; i++) Step(); // warm-up: per-thread packing buffers and lazily-initialised statics are allocated once
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++) Step();
        // The runtime itself may allocate a few bytes once (tiered JIT, lazy statics) at a moment that depends on timing;
        // a single object allocated per step would exceed this bound by far (200 steps × at least 24 bytes).
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1024);
    }

    [Fact]
    public void DataOfTheWrongWidthIsRejected() =>
        Assert.Throws<InvalidConfigurationException>(() => new Trainer(Spec, Options, Seed, new CpuCompute()).Train(TestData.RandomSet(10, 20, 1), Test));
}
