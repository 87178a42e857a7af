using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Devices;
using CrossbarLab.Hardware;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Training;

/// <summary>The sparse double-batch fast path of <see cref="Backprop"/> against the dense oracle, and the regimes built on it.</summary>
public class DoubleBatchTests
{
    private static readonly DefectStatistics Heavy = new(0.02, 0.01, 0.01, 0.01, 0.3, 0, 0.01, 0.01);

    private static DefectSampler Sampler(NetworkSpec spec, DefectStatistics stats, double? saturation = null) =>
        new(stats, DeviceModel.SttMram, DifferentialMapping.Create(spec.Widths, ArrayGeometry.Nist20k), saturation);

    public static TheoryData<int[], int, double?> Problems() => new()
    {
        { [90], 1, null },
        { [90], 6, null },
        { [90], 6, 3.0 },
        { [40, 30], 5, null },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void FastPathMatchesTheDenseOracle(int[] hidden, int k, double? saturation)
    {
        var spec = NetworkSpec.Die with { Hidden = hidden };
        var net = BinaryNetwork.Initialize(spec, 3, 1f);
        var data = TestData.RandomSet(50, spec.Inputs, 4);
        var sampler = Sampler(spec, Heavy, saturation);
        var instances = Enumerable.Range(0, k).Select(i => sampler.Sample(9, 0, i)).ToArray();
        Assert.All(instances, inst => Assert.True(inst.Count > 0));

        var fast = new Backprop(spec, 50, 0.7f, new CpuCompute(), maxInstances: k);
        var fastGrad = net.Weights.Select(w => new float[w.Length]).ToArray();
        fast.SetWeights(net.Weights);
        var (fastLoss, fastErrors) = fast.Run(data.Inputs, data.Packed, data.Labels, 50, instances, fastGrad);

        var dense = new DenseDoubleBatch(spec, 50, 0.7f, new CpuCompute());
        var denseGrad = net.Weights.Select(w => new float[w.Length]).ToArray();
        var (denseLoss, denseErrors) = dense.Run(net.Weights, data.Inputs, data.Labels, 50, instances, denseGrad);

        Assert.Equal(denseErrors, fastErrors);
        Assert.Equal(denseLoss, fastLoss, denseLoss * 1e-5);
        float scale = denseGrad.SelectMany(g => g).Max(MathF.Abs);
        for (int l = 0; l < spec.LayerCount; l++)
            for (int i = 0; i < denseGrad[l].Length; i++)
                Assert.True(MathF.Abs(fastGrad[l][i] - denseGrad[l][i]) <= 1e-5f * scale, $"layer {l} weight {i}: fast {fastGrad[l][i]} dense {denseGrad[l][i]}");
        // Defective cells got no gradient from the instances that hold them: with one instance they are exactly 0.
        if (k == 1) foreach (int cell in instances[0].Layers[0].Cells) Assert.Equal(0f, fastGrad[0][cell]);
    }

    public static TheoryData<string, int[], int> Switches() => new()
    {
        { "0/1 inputs", [90], 4 },
        { "0/1 inputs with offsets", [40, 30], 4 },
        { "±1 inputs with offsets", [90], 3 },
        { "first layer on the die", [90], 4 },
        { "first layer on the die, real digital layer, 0/1", [90], 1 },
        { "first layer on the die, real digital layers, offsets", [40, 30], 5 },
    };

    /// <summary>A network with every switch the case names, random offsets, and data encoded to match.</summary>
    private static (NetworkSpec Spec, BinaryNetwork Net, CrossbarLab.Data.EncodedSet Data) Switched(string what, int[] hidden)
    {
        var encoding = what.Contains("0/1") ? CrossbarLab.Data.InputEncoding.ZeroOne : CrossbarLab.Data.InputEncoding.PlusMinusOne;
        var spec = NetworkSpec.Die with
        {
            Hidden = hidden, Encoding = encoding, Offsets = what.Contains("offsets") ? true : null,
            OnDie = what.Contains("first") ? OnDie.First : OnDie.All, DigitalLayers = what.Contains("real") ? DigitalLayers.Real : DigitalLayers.Binary,
        };
        var random = BinaryNetwork.Initialize(spec, 3, 1f);
        var offsets = random.Offsets.Select((o, l) => TestData.RandomFloats(o.Length, (ulong)(20 + l), -3f, 3f)).ToArray();
        var net = new BinaryNetwork(spec, random.Weights, offsets);
        var signs = TestData.RandomSet(50, spec.Inputs, 4);
        var inputs = signs.Inputs.Select(x => x > 0 ? 1f : encoding.Off()).ToArray();
        return (spec, net, new CrossbarLab.Data.EncodedSet(50, spec.Inputs, inputs, signs.Labels, encoding));
    }

    [Theory]
    [MemberData(nameof(Switches))]
    public void FastPathMatchesTheDenseOracleUnderEverySwitch(string what, int[] hidden, int k)
    {
        var (spec, net, data) = Switched(what, hidden);
        var sampler = new DefectSampler(Heavy, DeviceModel.SttMram, DifferentialMapping.Create(spec.OnDieWidths, ArrayGeometry.Nist20k), null,
            spec.LayerCount);
        var instances = Enumerable.Range(0, k).Select(i => sampler.Sample(9, 0, i)).ToArray();
        Assert.All(instances, inst => Assert.Equal(spec.LayerCount, inst.Layers.Length));
        // Layers off the die see no defects.
        Assert.All(instances, inst => Assert.All(inst.Layers.Skip(spec.LayersOnDie), layer => Assert.Empty(layer.Cells)));

        var fast = new Backprop(spec, 50, 0.7f, new CpuCompute(), maxInstances: k);
        var fastGrad = net.Parameters.Select(w => new float[w.Length]).ToArray();
        fast.SetWeights(net);
        var (fastLoss, fastErrors) = fast.Run(data.Inputs, data.Packed, data.Labels, 50, instances, fastGrad);

        var dense = new DenseDoubleBatch(spec, 50, 0.7f, new CpuCompute());
        var denseGrad = net.Parameters.Select(w => new float[w.Length]).ToArray();
        var (denseLoss, denseErrors) = dense.Run(net, data.Inputs, data.Labels, 50, instances, denseGrad);

        Assert.Equal(denseErrors, fastErrors);
        Assert.Equal(denseLoss, fastLoss, denseLoss * 1e-5);
        float scale = denseGrad.SelectMany(g => g).Max(MathF.Abs);
        Assert.True(scale > 0);
        for (int p = 0; p < denseGrad.Length; p++)
            for (int i = 0; i < denseGrad[p].Length; i++)
                Assert.True(MathF.Abs(fastGrad[p][i] - denseGrad[p][i]) <= 1e-5f * scale, $"{what}: parameter array {p}, entry {i}: fast {fastGrad[p][i]} dense {denseGrad[p][i]}");
        if (spec.HasOffsets) Assert.Contains(denseGrad[spec.LayerCount], g => g != 0f);
    }

    [Fact]
    public void TheFastPathDoesNotDependOnTheNumberOfThreads()
    {
        var spec = NetworkSpec.Die with { Hidden = [40, 30] };
        var net = BinaryNetwork.Initialize(spec, 3, 1f);
        var data = TestData.RandomSet(50, spec.Inputs, 4);
        var sampler = Sampler(spec, Heavy);
        var instances = Enumerable.Range(0, 7).Select(i => sampler.Sample(9, 0, i)).ToArray();
        float[][] Gradient(int workers, out (double, int) result)
        {
            var bp = new Backprop(spec, 50, 0.7f, new CpuCompute(new WorkerPool(workers)), ForwardMode.Binary, 7, new WorkerPool(workers));
            var g = net.Weights.Select(w => new float[w.Length]).ToArray();
            bp.SetWeights(net.Weights);
            result = bp.Run(data.Inputs, data.Packed, data.Labels, 50, instances, g);
            return g;
        }
        var one = Gradient(0, out var r1);
        var three = Gradient(3, out var r3);
        Assert.Equal(r1, r3);
        for (int l = 0; l < spec.LayerCount; l++) Assert.Equal(one[l], three[l]);
    }

    [Fact]
    public void AStatisticsAwareStepAllocatesNothing()
    {
        var spec = NetworkSpec.Die;
        var data = TestData.RandomSet(100, spec.Inputs, 3);
        var net = BinaryNetwork.Initialize(spec, 1, 0.1f);
        var sampler = Sampler(spec, DefectStatistics.Reference);
        var instances = Enumerable.Range(0, 8).Select(i => sampler.Sample(2, 0, i)).ToArray();
        var backprop = new Backprop(spec, 100, 0.7f, new CpuCompute(), maxInstances: 8);
        var adam = new Adam(net.Weights, 0.9f, 0.999f, 1e-8f);
        var grads = net.Weights.Select(w => new float[w.Length]).ToArray();
        void Step()
        {
            backprop.SetWeights(net.Weights);
            backprop.Run(data.Inputs, data.Packed, data.Labels, 100, instances, grads);
            adam.Update(net.Weights, grads, 0.001f);
        }
        for (int i = 0; i < 50; i++) Step(); // warm-up, as in the software-step test
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) Step();
        // The defect draws themselves (new instances each step) are outside: Run reuses every buffer.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1024);
    }

    [Fact]
    public void StatisticsAwareOnCleanMapsEqualsSoftwareTrainingBitForBit()
    {
        var spec = NetworkSpec.Die with { ImageSize = 6, Hidden = [40] };
        var options = new TrainingOptions(Epochs: 2, BatchSize: 50);
        var train = TestData.Prototypes(1000, 36, 1); var test = TestData.Prototypes(200, 36, 2);
        var none = new DefectStatistics(0, 0, 0, 0, 0, 0, 0, 0);
        var software = new Trainer(spec, options, 4, new CpuCompute()).Train(train, test);
        var clean = new SampledDefects(Sampler(spec, none), k: 4, pool: 0, seed: 1, "no defects");
        var statistics = new Trainer(spec, options, 4, new CpuCompute(), clean).Train(train, test);
        for (int l = 0; l < spec.LayerCount; l++) Assert.Equal(software.Network.Weights[l], statistics.Network.Weights[l]);
        Assert.Equal(software.Epochs[^1].TrainLoss, statistics.Epochs[^1].TrainLoss, 12);
    }

    [Fact]
    public void HardwareAwareTrainingNeverChangesADefectiveCell()
    {
        var spec = NetworkSpec.Die with { ImageSize = 6, Hidden = [40] };
        var options = new TrainingOptions(Epochs: 2, BatchSize: 50);
        var die = new Fab(Heavy with { DieToDieSpreadSigmaLn = 0 }, DeviceModel.SttMram, ArrayGeometry.Nist20k).MakeDie(0, 5);
        var defects = CellDefects.FromDie(die, DifferentialMapping.Create(spec.Widths, ArrayGeometry.Nist20k));
        Assert.True(defects.Count > 20);
        var initial = BinaryNetwork.Initialize(spec, 4, options.InitScale);
        var result = new Trainer(spec, options, 4, new CpuCompute(), new FixedDefects(defects, die.Name)).Train(TestData.Prototypes(1000, 36, 1), TestData.Prototypes(200, 36, 2));
        int changedHealthy = 0;
        for (int l = 0; l < spec.LayerCount; l++)
        {
            var fixedCells = defects.Layers[l].Cells.ToHashSet();
            for (int c = 0; c < initial.Weights[l].Length; c++)
                if (fixedCells.Contains(c)) Assert.Equal(initial.Weights[l][c], result.Network.Weights[l][c]);
                else if (initial.Weights[l][c] != result.Network.Weights[l][c]) changedHealthy++;
        }
        Assert.True(changedHealthy > 100, "the healthy cells did train");
    }

    [Fact]
    public void SampledInstancesFollowTheStatistics()
    {
        var spec = NetworkSpec.Die;
        var stats = new DefectStatistics(0.004, 0.001, 0, 0, 0, 0, 0, 0);
        var sampler = Sampler(spec, stats);
        // A cell is defective when either of its two devices is: P = 1 − (1 − 0.005)² per cell.
        double expected = (1 - Math.Pow(1 - 0.005, 2)) * spec.WeightCount;
        double mean = Enumerable.Range(0, 400).Average(i => sampler.Sample(1, 0, i).Count);
        Assert.Equal(expected, mean, expected * 0.03);
        Assert.Equal(sampler.Sample(1, 7, 3).Layers[0].Cells, sampler.Sample(1, 7, 3).Layers[0].Cells); // keyed, reproducible
        Assert.NotEqual(sampler.Sample(1, 7, 3).Layers[0].Cells, sampler.Sample(1, 7, 4).Layers[0].Cells);
    }

    [Fact]
    public void PoolReusesItsMapsInOrder()
    {
        var spec = NetworkSpec.Die;
        var source = new SampledDefects(Sampler(spec, Heavy), k: 3, pool: 5, seed: 2, "heavy");
        var a = new CellDefects[3]; var b = new CellDefects[3];
        source.Draw(0, a); source.Draw(5, b); // step 5 starts at map (5·3) mod 5 = 0 again
        Assert.Same(a[0], b[0]);
        Assert.Contains("pool of 5 maps", source.Description);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SampledDefects(Sampler(spec, Heavy), k: 0, pool: 0, seed: 2, "x"));
    }
}
