using System.Text.Json.Nodes;
using CrossbarLab.Deployment;
using CrossbarLab.Devices;
using CrossbarLab.Experiments;
using CrossbarLab.Hardware;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Experiments;

/// <summary>The library's entry point: typed results, progress on the calling thread, cancellation, settings named.</summary>
[Trait("data", "mnist")]
public sealed class LabTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-lab").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    private static RunConfig Tiny() => TestConfigs.Tiny(2, 2, 2);

    [Fact]
    public void TrainsEvaluatesAndDeploysWithProgressAndTypedResults()
    {
        var steps = new List<TrainingProgress>();
        var train = new Lab(Tiny()).Train(P("train"), new CallbackProgress<TrainingProgress>(steps.Add));
        Assert.NotEmpty(steps);
        Assert.Equal(steps[^1].Epochs, steps[^1].Epoch);
        var results = JsonNode.Parse(File.ReadAllText(P("train/results.json")))!;
        Assert.Equal(train.TestError, (double)results["test_error"]!);

        var fab = new Fab(DefectStatistics.Reference, DeviceModel.SttMram, ArrayGeometry.Nist20k);
        Directory.CreateDirectory(P("dies"));
        DieFile.Save(fab.MakeDie(0, 2), P("dies/die-00.json"));
        DieFile.Save(fab.MakeDie(1, 2), P("dies/die-01.json"));
        var dies = new List<int>();
        var inputs = new InputFiles(Model: P("train/model.json"), Dies: P("dies"), Die: P("dies/die-01.json"));
        var eval = new Lab(Tiny() with { Inputs = inputs }).EvaluateOnDies(P("eval"), new CallbackProgress<int>(dies.Add));
        Assert.Equal([1, 2], dies);
        Assert.Equal(train.TestError, eval.TestError);
        Assert.Equal(["die-00", "die-01"], eval.Dies.Select(d => d.Die));

        var stages = new List<ReproductionProgress>();
        var config = Tiny() with { Inputs = inputs, Deployment = new DeploymentSettings(Calibrate: true) };
        var deploy = new Lab(config).Deploy(P("deploy"), new CallbackProgress<ReproductionProgress>(stages.Add));
        Assert.Equal([new ReproductionProgress("deploy", 0, 1), new ReproductionProgress("deploy", 1, 1)], stages);
        Assert.Equal(("die-01", "calibration"), (deploy.Die, deploy.Method));
        Assert.True(File.Exists(P("deploy/deployment.json")));
    }

    [Fact]
    public void ACancelledTokenStopsBeforeAnythingIsWritten()
    {
        Assert.Throws<OperationCanceledException>(() => new Lab(Tiny()).Train(P("t"), null,
            new CancellationToken(canceled: true)));
        Assert.Throws<OperationCanceledException>(() => new Lab(Tiny()).Reproduce(P("r"), null,
            new CancellationToken(canceled: true)));
        Assert.False(Directory.Exists(P("t")));
        Assert.False(Directory.Exists(P("r")));
    }

    [Fact]
    public void CancellingDuringTrainingStopsBetweenSteps()
    {
        using var cancel = new CancellationTokenSource();
        int reports = 0;
        var progress = new CallbackProgress<TrainingProgress>(_ =>
        {
            if (++reports == 1)
                cancel.Cancel();
        });
        var config = Tiny() with { Training = Tiny().Training with { Epochs = 3 } };
        Assert.Throws<OperationCanceledException>(() => new Lab(config).Train(P("t"), progress, cancel.Token));
        Assert.Equal(1, reports);
        Assert.False(File.Exists(P("t/model.json")));
    }

    [Fact]
    public void ImpossibleSettingsAreNamed()
    {
        var config = Tiny() with { Training = Tiny().Training with { Epochs = 0 } };
        var e = Assert.Throws<InvalidConfigurationException>(() => new Lab(config).Train(P("t")));
        Assert.Equal("training.epochs", e.Setting);
    }
}
