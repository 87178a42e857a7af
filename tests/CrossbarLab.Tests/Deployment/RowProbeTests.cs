using CrossbarLab.Compute;
using CrossbarLab.Deployment;
using CrossbarLab.Devices;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Deployment;

/// <summary>The probe reads through the die what its map says, and fine-tuning on it is fine-tuning on the map.</summary>
public class RowProbeTests
{
    private static readonly ICompute Cpu = new CpuCompute();
    private static readonly ArrayGeometry Geometry = ArrayGeometry.Nist20k;

    /// <summary>Shorts, opens and stuck devices at a few per cent, broken lines included: every kind of cell.</summary>
    private static Die Defective => new Fab(DefectStatistics.Reference with
    {
        CleanDieFraction = 0,
        ShortRate = 0.03,
        OpenRate = 0.01,
        StuckParallelRate = 0.01,
        StuckAntiparallelRate = 0.01,
    }, DeviceModel.SttMram, Geometry).MakeDies(1, 17)[0];

    private static NetworkSpec Spec(string onDie) =>
        NetworkSpec.Die with { OnDie = onDie == "first" ? OnDie.First : OnDie.All };

    private static CellDefects Probe(NetworkSpec spec, Die die, DieEvaluator evaluator)
    {
        var network = BinaryNetwork.Initialize(spec, 5, 1f);
        var mapping = EffectiveWeights.Mapping(spec, die.Geometry);
        return RowProbe.Measure(network, programmed => evaluator.Forward(programmed, die, mapping));
    }

    [Theory]
    [InlineData("all")]
    [InlineData("first")]
    public void AtTheEffectiveWeightLevelTheProbeReadsExactlyWhatTheMapSays(string onDie)
    {
        var spec = Spec(onDie);
        var die = Defective;
        var probed = Probe(spec, die, new DieEvaluator(Cpu));
        var fromMap = CellDefects.FromDie(die, EffectiveWeights.Mapping(spec, die.Geometry));

        Assert.Equal(spec.LayersOnDie, probed.Layers.Length);
        Assert.True(probed.Count > 100);
        for (int l = 0; l < spec.LayersOnDie; l++)
        {
            Assert.Equal(fromMap.Layers[l].Cells, probed.Layers[l].Cells);
            Assert.Equal(fromMap.Layers[l].IfPlus, probed.Layers[l].IfPlus);
            Assert.Equal(fromMap.Layers[l].IfMinus, probed.Layers[l].IfMinus);
        }
    }

    [Fact]
    public void AtTheCircuitLevelTheProbeFindsTheSameCellsThroughNoiseAndTheAdc()
    {
        var spec = Spec("all");
        var die = Defective;
        var probed = Probe(spec, die, new DieEvaluator(Cpu, EvaluationLevel.Circuit, seed: 4));
        var fromMap = CellDefects.FromDie(die, EffectiveWeights.Mapping(spec, die.Geometry));
        for (int l = 0; l < spec.LayerCount; l++)
        {
            Assert.Equal(fromMap.Layers[l].Cells, probed.Layers[l].Cells);
            for (int k = 0; k < probed.Layers[l].Cells.Length; k++)
            {
                Assert.True(Close(fromMap.Layers[l].IfPlus[k], probed.Layers[l].IfPlus[k]));
                Assert.True(Close(fromMap.Layers[l].IfMinus[k], probed.Layers[l].IfMinus[k]));
            }
        }
    }

    /// <summary>
    /// The circuit's value of a cell against the effective-weight model's. Each device's conductance spreads by 5 %
    /// (σ), which moves a pair's difference by about 0.1 weight unit (σ: 0.05·√(G_P² + G_AP²) over G_P − G_AP with
    /// 4 and 8.5 kΩ in series); read noise and the ADC add less. Half a unit is four to five σ.
    /// </summary>
    private static bool Close(float model, float read) => Math.Abs(model - read) <= 0.5;

    [Fact]
    public void ACleanDieHasNoCellToReport()
    {
        var spec = Spec("all");
        var probed = Probe(spec, Die.Ideal(Geometry, DeviceModel.SttMram), new DieEvaluator(Cpu));
        Assert.Equal(0, probed.Count);
        // Two programmings, one read per row of each on-die layer: 2 × (100 + 90).
        Assert.Equal(380, RowProbe.Reads(spec));
    }

    [Fact]
    public void FineTuningOnProbedCellsIsFineTuningOnTheMap()
    {
        var train = TestData.Prototypes(400, NetworkSpec.Die.Inputs, 23);
        var options = new TrainingOptions() with { BatchSize = 50 };
        var die = Defective;
        BinaryNetwork Deployed(bool probe) => new Deployer(new DeploymentSettings(FinetuneSteps: 6, Probe: probe), train,
            calibrationImages: 100, options, seed: 3, Cpu).Deploy(BinaryNetwork.Initialize(NetworkSpec.Die, 9, 1f), die).Network;

        var fromMap = Deployed(probe: false);
        var probed = Deployed(probe: true);
        for (int l = 0; l < fromMap.Weights.Length; l++)
            Assert.Equal(fromMap.Weights[l], probed.Weights[l]);
    }

    [Fact]
    public void AProbeIsMapFreeAndNeedsFineTuningToServe()
    {
        var steps = new DeploymentSettings(FinetuneSteps: 300, Probe: true);
        Assert.False(steps.NeedsMap);
        Assert.Equal("probe+finetune-300", steps.MethodName);
        var alone = new DeploymentSettings(Probe: true);
        var e = Assert.Throws<InvalidConfigurationException>(alone.Validate);
        Assert.Contains("deployment.probe", e.Message);
    }
}
