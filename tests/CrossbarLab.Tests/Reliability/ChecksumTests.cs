using System.Text.Json.Nodes;
using CrossbarLab.Devices;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Issue 14, class 4: die files and checkpoints carry one checksum over the whole document (every field but the
/// checksum itself), and it is required: an edit of any number that gives the data its meaning is refused, and so is a
/// file whose checksum was deleted, with the command that makes the file again. New sealed formats follow the same
/// pattern (<see cref="SealedDocument"/>).
/// </summary>
[Collection("console")]
[Trait(Hazard.Trait, Hazard.Checksums)]
public class ChecksumTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-checksums").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly ArrayGeometry Small = new(2, 6, 6, 12);

    private static JsonObject DieJson() =>
        DieFile.ToJson(new Fab(new DefectStatistics(0.05, 0.02, 0.02, 0.02, 0, 0, 0.2, 0.2), DeviceModel.SttMram, Small).MakeDie(0, 3));

    public static TheoryData<string> DieEdits() =>
        ["defect_rate", "failed_row_lines", "device.short_resistance_ohms", "geometry.adc_bits", "name", "provenance",
         "defect_counts.short", "checksum removed"];

    [Theory]
    [MemberData(nameof(DieEdits))]
    public void AnyEditOfADieFileIsRefused(string edit)
    {
        var die = DieJson();
        switch (edit)
        {
            case "defect_rate": die["defect_rate"] = 0.001; break;
            case "failed_row_lines":
                die["failed_row_lines"] = die["failed_row_lines"]!.AsArray().Count == 0 ? new JsonArray(0) : new JsonArray();
                break;
            case "device.short_resistance_ohms": die["device"]!["short_resistance_ohms"] = 2000; break;
            case "geometry.adc_bits": die["geometry"]!["adc_bits"] = 4; break;
            case "name": die["name"] = "die-01"; break;
            case "provenance": die["provenance"] = "measured"; break;
            case "defect_counts.short": die["defect_counts"]!["short"] = 0; break;
            default: die.Remove("checksum"); break;
        }
        var e = Assert.Throws<InvalidDataFileException>(() => DieFile.FromJson("die.json", die.ToJsonString()));
        Assert.Contains(edit == "checksum removed" ? "has no checksum" : "do not match the file's checksum", e.Message);
        Assert.Contains("crossbar fab", e.Message);
    }

    [Fact]
    public void ADieFileOfTheOldVersionIsRefusedWithTheCommandThatMakesItAgain()
    {
        var die = DieJson();
        die["version"] = 1;
        DocumentChecksum.Seal(die);
        var e = Assert.Throws<InvalidDataFileException>(() => DieFile.FromJson("die.json", die.ToJsonString()));
        Assert.Contains("version 1 is not supported", e.Message);
        Assert.Contains("crossbar fab", e.Message);
        Assert.Contains("crossbar die import", e.Message);
    }

    [Fact]
    public void AnEditedDieFileIsAUserErrorOnTheCommandLine()
    {
        var die = DieJson();
        die["failed_column_lines"] = new JsonArray(1, 2);
        string path = Path.Combine(_dir, "edited.json");
        File.WriteAllText(path, die.ToJsonString());
        Cli.AssertUserError(Cli.Run("die", "show", path, "--out", _dir), "checksum", "crossbar fab");
    }

    private static readonly NetworkSpec Spec = new(3, 0.5, [4], 10, 0.2f);
    private static readonly TrainingOptions Options = new(Epochs: 2);

    private string Checkpoint(Action<JsonObject> change)
    {
        string path = Path.Combine(_dir, $"checkpoint-{Guid.NewGuid():N}.json");
        var net = BinaryNetwork.Initialize(Spec, 1, 1f);
        new Checkpoint(Spec, Options, 1, net, new Adam(net.Weights, 0.9f, 0.999f, 1e-8f), []).Save(path, "software: no defects");
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        change(root);
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    [Theory]
    [InlineData("checksum removed", "has no checksum")]
    [InlineData("an unknown field added", "do not match")]
    [InlineData("options.init_scale", "do not match")]
    public void AnyEditOfACheckpointIsRefusedWithAdviceThatWorks(string edit, string expected)
    {
        string path = Checkpoint(root =>
        {
            if (edit == "checksum removed") root.Remove("checksum");
            else if (edit == "an unknown field added") root["note"] = "edited";
            else root["options"]!["init_scale"] = 0.5;
        });
        var e = Assert.Throws<InvalidDataFileException>(() => CrossbarLab.Training.Checkpoint.Load(path, Spec, Options, 1, "software: no defects"));
        Assert.Contains(expected, e.Message);
        Assert.Contains(CrossbarLab.Training.Checkpoint.Recreate, e.Message);
    }

    [Fact]
    public void ANewFormatSealedThisWayIsCheckedTheSameWay()
    {
        // The pattern the deployment file follows: format, version, one required checksum over everything else.
        string path = Path.Combine(_dir, "deployment.json");
        var document = new JsonObject { ["format"] = "crossbarlab.deployment", ["version"] = 1, ["offsets"] = new JsonArray(0.5, -1) };
        SealedDocument.Write(path, document);
        var read = SealedDocument.Read(path, 1 << 20, "crossbarlab.deployment", 1, "deployment", "deploy the model again");
        Assert.Equal(-1, (double)read["offsets"]![1]!);
        File.WriteAllText(path, File.ReadAllText(path).Replace("-1", "-2"));
        var e = Assert.Throws<InvalidDataFileException>(() =>
            SealedDocument.Read(path, 1 << 20, "crossbarlab.deployment", 1, "deployment", "deploy the model again"));
        Assert.Contains("deploy the model again", e.Message);
    }
}
