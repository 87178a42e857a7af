using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Devices;
using CrossbarLab.Experiments;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Issue 14, class 5: a resumed training continues only the training it was: the checkpoint records every setting the
/// run depends on (spec, options, seed, and the defect source down to the die's contents or the device, statistics and
/// array it draws from), and a resume with any of them different is refused, naming the setting.
/// </summary>
[Collection("console")]
[Trait(Hazard.Trait, Hazard.ResumeSettings)]
public class ResumeSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-resume").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly NetworkSpec Spec = new(10, 0.25, [8], 10, 0.2f);
    private static readonly EncodedSet Train = TestData.Prototypes(300, 100, 1);
    private static readonly EncodedSet Test = TestData.Prototypes(100, 100, 2);

    private string TrainToCheckpoint(TrainingOptions options, DefectSource source)
    {
        string path = Path.Combine(_dir, $"checkpoint-{Guid.NewGuid():N}.json");
        new Trainer(Spec, options, 3, new CpuCompute(), source).Train(Train, Test, null, path);
        return path;
    }

    private static InvalidDataFileException Resume(string checkpoint, TrainingOptions options, DefectSource source) =>
        Assert.Throws<InvalidDataFileException>(() =>
            new Trainer(Spec, options, 3, new CpuCompute(), source).Train(Train, Test, null, checkpoint, resume: true));

    /// <summary>Two dies named alike with as many defective cells of the network, but different cells.</summary>
    private static (Die A, Die B) LookAlikeDies(TrainingOptions options)
    {
        var fab = new Fab(DefectStatistics.Reference with { CleanDieFraction = 0 }, DeviceModel.SttMram, ArrayGeometry.Nist20k);
        var seen = new Dictionary<int, Die>();
        for (int i = 0; i < 200; i++)
        {
            var made = fab.MakeDie(i, 11);
            var die = new Die("die-00", "look-alike", made.Geometry, made.Device, made.Defects, made.LowOhms, made.HighOhms);
            int cells = ((FixedDefects)DefectSources.Create(options, Spec, die.Device, die.Geometry, DefectStatistics.Reference, 3, die))
                .Defects.Count;
            if (seen.TryGetValue(cells, out var twin)) return (twin, die);
            seen[cells] = die;
        }
        throw new InvalidOperationException("no two dies with as many defective cells");
    }

    [Fact]
    public void AHardwareAwareRunResumedOnAnotherDieWithTheSameNameAndDefectCountIsRefused()
    {
        var options = new TrainingOptions(Regime.HardwareAware, Epochs: 1);
        var (a, b) = LookAlikeDies(options);
        var sourceA = DefectSources.Create(options, Spec, a.Device, a.Geometry, DefectStatistics.Reference, 3, a);
        var sourceB = DefectSources.Create(options, Spec, b.Device, b.Geometry, DefectStatistics.Reference, 3, b);
        string checkpoint = TrainToCheckpoint(options, sourceA);
        Assert.Contains("regime is", Resume(checkpoint, options, sourceB).Message);
    }

    [Fact]
    public void AStatisticsAwareRunResumedWithOtherDeviceParametersIsRefused()
    {
        var options = new TrainingOptions(Regime.StatisticsAware, Epochs: 1, K: 2);
        var device = DeviceModel.SttMram;
        var stronger = device with { ShortResistanceOhms = device.ShortResistanceOhms + 0.5 };
        string checkpoint = TrainToCheckpoint(options,
            DefectSources.Create(options, Spec, device, ArrayGeometry.Nist20k, DefectStatistics.Reference, 3));
        var e = Resume(checkpoint, options,
            DefectSources.Create(options, Spec, stronger, ArrayGeometry.Nist20k, DefectStatistics.Reference, 3));
        Assert.Contains("regime is", e.Message);
    }

    [Fact]
    public void AStatisticsAwareRunResumedOnAnotherArrayLayoutIsRefused()
    {
        var options = new TrainingOptions(Regime.StatisticsAware, Epochs: 1, K: 2);
        var other = new ArrayGeometry(16, 50, 25, 12);
        string checkpoint = TrainToCheckpoint(options,
            DefectSources.Create(options, Spec, DeviceModel.SttMram, ArrayGeometry.Nist20k, DefectStatistics.Reference, 3));
        Resume(checkpoint, options, DefectSources.Create(options, Spec, DeviceModel.SttMram, other, DefectStatistics.Reference, 3));
    }

    [Fact]
    public void TheRefusalNamesTheSettingThatDiffers()
    {
        var options = new TrainingOptions(Regime.StatisticsAware, Epochs: 1, K: 2);
        var source = DefectSources.Create(options, Spec, DeviceModel.SttMram, ArrayGeometry.Nist20k, DefectStatistics.Reference, 3);
        string checkpoint = TrainToCheckpoint(options, source);
        var saturated = options with { Saturation = 4 };
        var e = Resume(checkpoint, saturated, DefectSources.Create(saturated, Spec, DeviceModel.SttMram, ArrayGeometry.Nist20k,
            DefectStatistics.Reference, 3));
        Assert.Contains("options.saturation is null there, 4 here", e.Message);
    }

    [Fact]
    public void TrainResumeWithAnotherSaturationIsRefusedOnTheCommandLineNamingIt()
    {
        var tiny = TestConfigs.Tiny(5, dies: 2, k: 2).ForCommand("train");
        var config = tiny with
        {
            Training = tiny.Training with { Regime = Regime.HardwareAware, Saturation = 2 },
            Inputs = tiny.Inputs with { Die = Path.Combine(_dir, "die-00.json") },
        };
        string folder = Path.Combine(_dir, "run");
        using (var dir = RunDirectory.Prepare(folder, force: false))
            RunFolder.WriteConfig(dir, config, resume: false);
        string file = Path.Combine(_dir, "config.json");
        File.WriteAllText(file, ConfigFile.ToJson(config));
        var before = FolderSnapshot.Of(folder);
        var result = Cli.Run("train", "--config", file, "--saturation", "3", "--resume", "--out", folder);
        Cli.AssertUserError(result, "training.saturation is 2 there, 3 here");
        before.AssertUnchanged(FolderSnapshot.Of(folder));
    }
}
