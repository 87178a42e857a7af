using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Devices;
using CrossbarLab.Gpu;
using CrossbarLab.Gpu.Training;
using CrossbarLab.Hardware;
using CrossbarLab.Model;
using CrossbarLab.Training;
using Xunit.Abstractions;

namespace CrossbarLab.Tests.Gpu;

/// <summary>
/// The GPU training engine on ILGPU's CPU accelerator against the CPU engine, at small sizes (the accelerator is
/// slow). The tolerances are the ones docs/gpu.md states: one step's gradient within 1e-5 of its largest element, the
/// loss within 1e-6 relative, the errors equal; after a few steps the parameters within 1e-5 (latent-weight units)
/// and Adam's moments within 1e-5 of their largest element.
/// </summary>
[Collection(GpuCollection.Name)]
public class GpuTrainingEngineTests
{
    private const int Batch = 8;
    private static readonly DefectStatistics Heavy = new(0.02, 0.01, 0.01, 0.01, 0.3, 0, 0.01, 0.01);

    private readonly GpuCompute _gpu;
    private readonly ITestOutputHelper _output;

    public GpuTrainingEngineTests(GpuFixture fixture, ITestOutputHelper output)
    {
        _gpu = fixture.Compute;
        _output = output;
    }

    public static TheoryData<string, int[], int> Cases() => new()
    {
        { "software", [12], 0 },
        { "hardware-aware", [12], 1 },
        { "statistics-aware", [12], 3 },
        { "statistics-aware, two hidden layers", [12, 8], 4 },
        { "0/1 inputs with offsets", [12, 8], 2 },
        { "±1 inputs with offsets", [12], 2 },
        { "first layer on the die", [12], 3 },
        { "first layer on the die, real digital layers, 0/1", [12, 8], 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneStepMatchesTheCpuEngine(string what, int[] hidden, int k)
    {
        var (spec, network, data) = Problem(what, hidden);
        var instances = Instances(spec, k);
        var cpu = new Backprop(spec, Batch, 0.7f, new CpuCompute(), maxInstances: Math.Max(1, k));
        var expected = network.Parameters.Select(p => new float[p.Length]).ToArray();
        cpu.SetWeights(network);
        var (loss, errors) = cpu.Run(data.Inputs, data.Packed, data.Labels, Batch, instances, expected);

        using var engine = Engine(network, data, Math.Max(1, k));
        engine.BeginEpoch(Enumerable.Range(0, Batch).ToArray());
        engine.Step(0, instances, 0.01f);
        var actual = engine.Gradients();
        var (gpuLoss, gpuErrors) = engine.Totals();

        Assert.Equal(errors, gpuErrors);
        Assert.Equal(loss, gpuLoss, loss * 1e-6);
        float scale = expected.SelectMany(g => g).Max(MathF.Abs);
        double worst = 0;
        for (int p = 0; p < expected.Length; p++)
        {
            for (int i = 0; i < expected[p].Length; i++)
            {
                worst = Math.Max(worst, MathF.Abs(actual[p][i] - expected[p][i]) / scale);
                Assert.True(MathF.Abs(actual[p][i] - expected[p][i]) <= 1e-5f * scale,
                    $"{what}: parameter array {p}, element {i}: gpu {actual[p][i]}, cpu {expected[p][i]}");
            }
        }
        if (k == 1)
            Assert.All(instances[0].Layers[0].Cells, cell => Assert.Equal(0f, actual[0][cell]));
        _output.WriteLine($"{what}: largest gradient difference {worst:E2} of the largest gradient");
    }

    [Theory]
    [InlineData("statistics-aware, two hidden layers", 3)]
    [InlineData("0/1 inputs with offsets, hardware-aware", 1)]
    public void AFewStepsMatchTheCpuEngine(string what, int k)
    {
        const int steps = 4;
        var (spec, network, _) = Problem(what, [12, 8]);
        var data = TestData.Prototypes(steps * Batch, spec.Inputs, 5);
        if (spec.Encoding == InputEncoding.ZeroOne)
            data = new EncodedSet(data.Count, data.Features, data.Inputs.Select(x => x > 0 ? 1f : 0f).ToArray(),
                data.Labels, InputEncoding.ZeroOne);
        var order = Enumerable.Range(0, steps * Batch).Reverse().ToArray();
        var die = Instances(spec, 1);
        var (cpuNetwork, cpuAdam) = Copy(network);
        var (gpuNetwork, gpuAdam) = Copy(network);
        using var cpu = TrainingEngines.Create(new CpuCompute(),
            new TrainingEngineSetup(cpuNetwork, cpuAdam, data, Batch, 0.7f, k));
        using var gpu = (GpuTrainingEngine)_gpu.CreateTrainingEngine(
            new TrainingEngineSetup(gpuNetwork, gpuAdam, data, Batch, 0.7f, k));
        cpu.BeginEpoch(order);
        gpu.BeginEpoch(order);
        for (int step = 0; step < steps; step++)
        {
            var instances = k == 1 ? die : Instances(spec, k, step);
            cpu.Step(step, instances, 0.01f);
            gpu.Step(step, instances, 0.01f);
        }
        var (cpuLoss, cpuErrors) = cpu.Totals();
        var (gpuLoss, gpuErrors) = gpu.Totals();
        cpu.Synchronize();
        gpu.Synchronize();

        Assert.Equal(cpuErrors, gpuErrors);
        Assert.Equal(cpuLoss, gpuLoss, cpuLoss * 1e-6);
        Assert.Equal(cpuAdam.Step, gpuAdam.Step);
        var cpuParameters = cpuNetwork.Parameters;
        var gpuParameters = gpuNetwork.Parameters;
        double worst = 0;
        for (int p = 0; p < cpuParameters.Length; p++)
        {
            float mScale = cpuAdam.M[p].Max(MathF.Abs);
            float vScale = cpuAdam.V[p].Max(MathF.Abs);
            for (int i = 0; i < cpuParameters[p].Length; i++)
            {
                float difference = MathF.Abs(gpuParameters[p][i] - cpuParameters[p][i]);
                worst = Math.Max(worst, difference);
                Assert.True(difference <= 1e-5f, $"parameter array {p}, element {i}: gpu {gpuParameters[p][i]}, "
                    + $"cpu {cpuParameters[p][i]}");
                Assert.True(MathF.Abs(gpuAdam.M[p][i] - cpuAdam.M[p][i]) <= 1e-5f * mScale, $"m of {p}, {i}");
                Assert.True(MathF.Abs(gpuAdam.V[p][i] - cpuAdam.V[p][i]) <= 1e-5f * vScale, $"v of {p}, {i}");
            }
        }
        if (k == 1)
        {
            Assert.Equal(1, gpu.DefectUploads);
            foreach (int cell in die[0].Layers[0].Cells)
                Assert.Equal(network.Weights[0][cell], gpuNetwork.Weights[0][cell]);
        }
        _output.WriteLine($"{what}: largest parameter difference after {steps} steps {worst:E2}");
    }

    [Fact]
    public void ATrainerRunOfAFewStepsMatchesTheCpu()
    {
        var spec = new NetworkSpec(4, 0.5, [12], 10, 0.5f);
        var options = new TrainingOptions(Regime.StatisticsAware, Epochs: 2, BatchSize: Batch, LearningRate: 0.01f,
            TrainLimit: 3 * Batch, K: 2);
        var train = TestData.Prototypes(3 * Batch, spec.Inputs, 6);
        var test = TestData.Prototypes(40, spec.Inputs, 7);
        DefectSource Source()
        {
            var mapping = DifferentialMapping.Create(spec.OnDieWidths, ArrayGeometry.Nist20k);
            var sampler = new DefectSampler(Heavy, DeviceModel.SttMram, mapping, null, spec.LayerCount);
            return new SampledDefects(sampler, options.K, 0, 5, "test");
        }
        var cpu = new Trainer(spec, options, 5, new CpuCompute(), Source()).Train(train, test);
        var gpu = new Trainer(spec, options, 5, _gpu, Source()).Train(train, test);

        for (int e = 0; e < cpu.Epochs.Count; e++)
        {
            Assert.Equal(cpu.Epochs[e].TrainLoss, gpu.Epochs[e].TrainLoss, cpu.Epochs[e].TrainLoss * 1e-6);
            Assert.Equal(cpu.Epochs[e].TrainError, gpu.Epochs[e].TrainError);
            Assert.Equal(cpu.Epochs[e].TestError, gpu.Epochs[e].TestError);
        }
        for (int l = 0; l < spec.LayerCount; l++)
            for (int i = 0; i < cpu.Network.Weights[l].Length; i++)
                Assert.True(MathF.Abs(cpu.Network.Weights[l][i] - gpu.Network.Weights[l][i]) <= 1e-5f, $"{l}, {i}");
    }

    [Fact]
    public void StepsAllocateNoDeviceMemoryOnceTheirSizesWereSeen()
    {
        var (spec, network, data) = Problem("statistics-aware", [12]);
        var instances = Instances(spec, 3);
        using var engine = Engine(network, data, 3);
        engine.BeginEpoch(Enumerable.Range(0, Batch).ToArray());
        engine.Step(0, instances, 0.01f);
        int allocations = engine.DefectAllocations;
        // The same cells in another order each step: each step uploads, none needs more room.
        var reversed = instances.Reverse().ToArray();
        for (int step = 1; step < 4; step++)
            engine.Step(0, step % 2 == 1 ? reversed : instances, 0.01f);
        Assert.Equal(allocations, engine.DefectAllocations);
        Assert.Equal(4, engine.DefectUploads);
    }

    private static (BinaryNetwork Network, Adam Optimizer) Copy(BinaryNetwork network)
    {
        var copy = new BinaryNetwork(network.Spec, network.Weights.Select(w => (float[])w.Clone()).ToArray(),
            network.Offsets.Select(o => (float[])o.Clone()).ToArray());
        return (copy, new Adam(copy.Parameters, 0.9f, 0.999f, 1e-8f, clipped: copy.Spec.LayerCount));
    }

    /// <summary>A network with every switch the case names (random offsets), data encoded to match.</summary>
    private static (NetworkSpec Spec, BinaryNetwork Network, EncodedSet Data) Problem(string what, int[] hidden)
    {
        var encoding = what.Contains("0/1") ? InputEncoding.ZeroOne : InputEncoding.PlusMinusOne;
        var spec = new NetworkSpec(4, 0.5, hidden, 10, 0.5f, encoding, what.Contains("offsets") ? true : null,
            what.Contains("first") ? OnDie.First : OnDie.All,
            what.Contains("real") ? DigitalLayers.Real : DigitalLayers.Binary);
        var random = BinaryNetwork.Initialize(spec, 3, 1f);
        var offsets = random.Offsets.Select((o, l) => TestData.RandomFloats(o.Length, (ulong)(20 + l), -3f, 3f))
            .ToArray();
        var signs = TestData.RandomSet(Batch, spec.Inputs, 4);
        var inputs = signs.Inputs.Select(x => x > 0 ? 1f : encoding.Off()).ToArray();
        return (spec, new BinaryNetwork(spec, random.Weights, offsets),
            new EncodedSet(Batch, spec.Inputs, inputs, signs.Labels, encoding));
    }

    /// <summary>K instances drawn at a heavy defect rate (none for K = 0; a hardware-aware die is one draw too).
    /// </summary>
    private static CellDefects[] Instances(NetworkSpec spec, int k, int step = 0)
    {
        var mapping = DifferentialMapping.Create(spec.OnDieWidths, ArrayGeometry.Nist20k);
        var sampler = new DefectSampler(Heavy, DeviceModel.SttMram, mapping, null, spec.LayerCount);
        var instances = Enumerable.Range(0, k).Select(i => sampler.Sample(9, step, i)).ToArray();
        Assert.All(instances, instance => Assert.True(instance.Count > 0));
        return instances;
    }

    private GpuTrainingEngine Engine(BinaryNetwork network, EncodedSet data, int k)
    {
        var (copy, adam) = Copy(network);
        return (GpuTrainingEngine)_gpu.CreateTrainingEngine(new TrainingEngineSetup(copy, adam, data, Batch, 0.7f, k));
    }
}
