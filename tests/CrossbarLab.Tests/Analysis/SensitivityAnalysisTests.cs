using CrossbarLab.Analysis;
using CrossbarLab.Compute;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Tests.Analysis;

public class SensitivityAnalysisTests
{
    private static readonly NetworkSpec Spec = new(4, 0.5, [12], 10, 0.5f);
    private static readonly SensitivityOptions Small = SensitivityOptions.Default with
    {
        SignFlipRates = [0, 0.05, 1], DefectRates = [0, 0.02, 0.2], NoiseLevels = [0, 0.2, 1], Trials = 4,
    };

    private static SensitivityAnalysis Make(SensitivityOptions options, CrossbarLab.Data.EncodedSet test, ulong seed = 1,
        DefectStatistics? statistics = null) =>
        new(options, statistics ?? DefectStatistics.Reference, CrossbarLab.Devices.DeviceModel.SttMram, ArrayGeometry.Nist20k,
            null, seed, new CpuCompute(), test);

    private static (BinaryNetwork Net, CrossbarLab.Data.EncodedSet Test) Problem()
    {
        var net = BinaryNetwork.Initialize(Spec, 8, 0.5f);
        return (net, TestData.Prototypes(400, Spec.Inputs, 5));
    }

    [Theory]
    [InlineData(PerturbationKind.SignFlip)]
    [InlineData(PerturbationKind.Defects)]
    [InlineData(PerturbationKind.ConductanceNoise)]
    public void RateZeroIsTheUnperturbedErrorExactly(PerturbationKind kind)
    {
        var (net, test) = Problem();
        var curve = Make(Small, test).Run("m", net, kind);
        double unperturbed = new PackedInference(net, new CpuCompute()).Error(test);
        Assert.Equal(unperturbed, curve.UnperturbedError);
        Assert.Equal(unperturbed, curve.Points[0].Error.Value);
        Assert.Equal(1, curve.Points[0].Trials);
        Assert.All(curve.Points.Skip(1), p => Assert.Equal(4, p.Trials));
        Assert.All(curve.Points, p => Assert.True(p.Error.Low <= p.Error.Value && p.Error.Value <= p.Error.High));
    }

    [Fact]
    public void FlippingEveryWeightIsTheNegatedNetwork()
    {
        var (net, test) = Problem();
        var curve = Make(Small, test).Run("m", net, PerturbationKind.SignFlip);
        var negated = new BinaryNetwork(Spec, Enumerable.Range(0, 2).Select(l => net.BinaryWeights(l).Select(v => -v).ToArray()).ToArray());
        double expected = new PackedInference(negated, new CpuCompute()).Error(test);
        Assert.Equal(expected, curve.Points[2].Error.Value, 12);
        Assert.Equal(expected, curve.Points[2].Error.Low, 12); // every trial is the same network
    }

    [Fact]
    public void CurvesAreDeterministicAndSeeded()
    {
        var (net, test) = Problem();
        foreach (var kind in PerturbationKinds.All)
        {
            var a = Make(Small, test).Run("m", net, kind);
            var b = Make(Small, test).Run("m", net, kind);
            var c = Make(Small, test, 2).Run("m", net, kind);
            Assert.Equal(a.Points.Select(p => p.Error), b.Points.Select(p => p.Error));
            Assert.NotEqual(a.Points.Select(p => p.Error.High - p.Error.Low), c.Points.Select(p => p.Error.High - p.Error.Low));
        }
    }

    [Fact]
    public void HeavyPerturbationsDestroyATrainedNetwork()
    {
        // Train a small network on prototypes, then check that heavy damage brings it near chance.
        var test = TestData.Prototypes(500, Spec.Inputs, 6);
        var train = TestData.Prototypes(3000, Spec.Inputs, 7);
        var result = new CrossbarLab.Training.Trainer(Spec, new CrossbarLab.Training.TrainingOptions(Epochs: 5, BatchSize: 50, LearningRate: 0.01f), 1, new CpuCompute(),
            new CrossbarLab.Training.NoDefects(2)).Train(train, test);
        var curve = Make(Small, test).Run("m", result.Network, PerturbationKind.ConductanceNoise);
        Assert.True(curve.UnperturbedError < 0.2, $"trained error {curve.UnperturbedError}");
        Assert.True(curve.Points[2].Error.Value > curve.UnperturbedError + 0.2, $"σ = 1 gives {curve.Points[2].Error.Value}");
    }

    [Theory]
    [InlineData("trials")]
    [InlineData("flip above one")]
    [InlineData("negative defect rate")]
    [InlineData("no rates")]
    [InlineData("no kinds")]
    public void ImpossibleOptionsAreRefused(string what)
    {
        var bad = what switch
        {
            "trials" => Small with { Trials = 1 },
            "flip above one" => Small with { SignFlipRates = [0, 1.5] },
            "negative defect rate" => Small with { DefectRates = [-0.01] },
            "no rates" => Small with { NoiseLevels = [] },
            _ => Small with { Kinds = [] },
        };
        var e = Assert.Throws<InvalidConfigurationException>(bad.Validate);
        Assert.StartsWith(SensitivityOptions.Section + ".", e.Setting);
    }

    [Fact]
    public void StatisticsWithoutPointDefectsCannotBeScaledToARate()
    {
        var none = DefectStatistics.Reference with { ShortRate = 0, OpenRate = 0, StuckParallelRate = 0, StuckAntiparallelRate = 0 };
        Assert.Throws<InvalidConfigurationException>(() => Make(Small, Problem().Test, statistics: none));
    }

    [Fact]
    public void KindNamesRoundTrip()
    {
        foreach (var kind in PerturbationKinds.All) Assert.Equal(kind, PerturbationKinds.Parse(kind.Name()));
        Assert.Throws<InvalidConfigurationException>(() => PerturbationKinds.Parse("gamma-rays"));
    }
}
