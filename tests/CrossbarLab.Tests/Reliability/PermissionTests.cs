using System.Buffers.Binary;
using CrossbarLab.Experiments;
using CrossbarLab.Hardware;
using CrossbarLab.IO;

namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Issue 14, class 8: a file the user may not read is a user error (exit 1, one line naming the file), not an internal
/// error. The tests run as root, whom permissions do not stop, so the CLI runs as the user nobody (setpriv) on files
/// readable by root only; where that is impossible (not root, no setpriv) the tests have nothing to check and pass.
/// </summary>
[Trait(Hazard.Trait, Hazard.Permissions)]
public class PermissionTests : IDisposable
{
    private readonly string _dir = Posix.OpenToAll(Directory.CreateTempSubdirectory("crossbar-perm").FullName);
    public void Dispose() => Directory.Delete(_dir, true);
    private string P(string name) => Path.Combine(_dir, name);

    private static string ExampleDie => Path.Combine(ExamplesFolder(), "simulated-2-tile-die.json");

    private static string ExamplesFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "examples"))) return Path.Combine(dir.FullName, "examples");
        throw new InvalidOperationException("examples/ not found");
    }

    /// <summary>A copy of <paramref name="source"/> (or <paramref name="text"/>) readable by root only.</summary>
    private string Unreadable(string name, string? source = null, string? text = null)
    {
        string path = P(name);
        if (source != null) File.Copy(source, path);
        else File.WriteAllText(path, text ?? "{}");
        return Posix.Private(path);
    }

    private (int Code, string Out, string Err)? AsNobody(params string[] args) =>
        CrossbarProcess.CanDropPrivileges ? CrossbarProcess.Run(args, asNobody: true) : null;

    private static void AssertPermissionDenied((int Code, string Out, string Err)? result, string file)
    {
        if (result is not { } r) return;
        Cli.AssertUserError(r, file, "ermission denied");
    }

    [Fact]
    public void AnUnreadableDieFile() =>
        AssertPermissionDenied(AsNobody("die", "show", Unreadable("die.json", ExampleDie), "--out", _dir), "die.json");

    [Fact]
    public void AnUnreadableStatisticsFile() =>
        AssertPermissionDenied(AsNobody("fab", "--stats", Unreadable("stats.json", text: "{}"), "--out", P("fab")),
            "stats.json");

    [Fact]
    public void AnUnreadableResistanceMap()
    {
        string csv = P("map.csv");
        ResistanceMap.Export(DieFile.Load(ExampleDie), csv);
        Posix.Private(csv);
        AssertPermissionDenied(AsNobody("die", "import", csv, "--tiles", "2", "--out", P("imported.json")), "map.csv");
    }

    [Fact]
    public void AnUnreadableMnistFile()
    {
        string data = Posix.OpenToAll(Directory.CreateDirectory(P("mnist")).FullName);
        foreach (var (name, rank) in new[] { ("train-images-idx3-ubyte", 3), ("train-labels-idx1-ubyte", 1),
                     ("t10k-images-idx3-ubyte", 3), ("t10k-labels-idx1-ubyte", 1) })
        {
            var bytes = new byte[4 + 4 * rank + (rank == 3 ? 4 : 1)];
            bytes[2] = 0x08;
            bytes[3] = (byte)rank;
            for (int d = 0; d < rank; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), d == 0 ? 1 : 2);
            File.WriteAllBytes(Path.Combine(data, name), bytes);
            Posix.Private(Path.Combine(data, name));
        }
        AssertPermissionDenied(AsNobody("train", "--data", data, "--out", P("run")), "train-images-idx3-ubyte");
    }

    [Fact]
    public void AnUnreadableCheckpointOfAResumedRun()
    {
        var config = TestConfigs.Tiny(5, dies: 2, k: 2).ForCommand("train");
        string folder = P("run");
        using (var dir = RunDirectory.Prepare(folder, force: false))
            RunFolder.WriteConfig(dir, config, resume: false);
        Posix.OpenToAll(folder);
        Unreadable("run/checkpoint.json", text: "{}");
        string file = P("config.json");
        File.WriteAllText(file, ConfigFile.ToJson(config));
        AssertPermissionDenied(AsNobody("train", "--config", file, "--resume", "--out", folder), "checkpoint.json");
    }

    [Fact]
    public void AnUnreadableDieInAFolderOfDies()
    {
        string dies = Posix.OpenToAll(Directory.CreateDirectory(P("dies")).FullName);
        Unreadable("dies/die-00.json", ExampleDie);
        string model = P("model.json");
        CrossbarLab.Model.ModelFile.Save(CrossbarLab.Model.BinaryNetwork.Initialize(CrossbarLab.Model.NetworkSpec.Die, 1, 0.1f), model);
        AssertPermissionDenied(AsNobody("eval", "--model", model, "--dies", dies), "die-00.json");
    }
}
