using System.Text.Json.Nodes;
using CrossbarLab.IO;

namespace CrossbarLab.Experiments;

/// <summary>
/// config.json of a run. A resumed run must be the run that was interrupted: finished stages are loaded without
/// retraining, so resuming with other settings would silently mix two experiments. Resuming therefore checks that the
/// recorded configuration matches, ignoring only what does not change the numbers (version, backend asked for, data path),
/// and that every file the run will read back is intact — all before anything in the folder is written.
/// </summary>
public static class RunFolder
{
    private static readonly string[] Incidental = ["crossbarlab_version", "backend", "data"];

    /// <summary>Checks a resumed run (<see cref="CheckResume"/>), then writes <paramref name="config"/>.</summary>
    public static void WriteConfig(RunDirectory output, RunConfig config, bool resume)
    {
        CheckResume(output, config, resume);
        output.BeginWriting();
        AtomicFile.WriteAllText(output.FilePath("config.json"), ConfigFile.ToJson(config));
    }

    /// <summary>
    /// config.json of a run that several shards share (the folder held with <see cref="RunDirectory.PrepareShared"/>):
    /// the first shard to claim it writes it into a folder that holds no other run; every other shard, then or later,
    /// checks it as a resumed run would (<see cref="CheckResume"/>), so shards of two different runs never mix in one
    /// folder.
    /// </summary>
    public static void WriteShared(RunDirectory output, RunConfig config, CancellationToken cancellation = default)
    {
        string path = output.FilePath("config.json");
        while (!File.Exists(path))
        {
            // Before any claim is made there: a folder that holds anything but a run is refused untouched.
            CheckResume(output, config, resume: true);
            using var claim = UnitLock.TryAcquire(output, ConfigUnit);
            if (claim == null)
            {
                // Another shard is writing it: a few milliseconds.
                cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(50));
                cancellation.ThrowIfCancellationRequested();
                continue;
            }
            if (File.Exists(path))
                break;
            output.BeginWriting();
            AtomicFile.WriteAllText(path, ConfigFile.ToJson(config));
            return;
        }
        CheckResume(output, config, resume: true);
        output.BeginWriting();
    }

    /// <summary>The claim under which the first shard writes config.json (not a training's name).</summary>
    private const string ConfigUnit = "config.json";

    /// <summary>
    /// Throws unless <paramref name="output"/> holds a run that <paramref name="config"/> may resume (nothing is written):
    /// the same command with the same settings, every checkpoint, model and history intact. A folder with nothing in it
    /// (a run killed before it wrote anything) may be resumed: the run starts from the beginning.
    /// </summary>
    public static void CheckResume(RunDirectory output, RunConfig config, bool resume)
    {
        if (!resume) return;
        string path = output.FilePath("config.json");
        if (!File.Exists(path))
        {
            if (output.HoldsFiles())
                throw new InvalidDataFileException(path, "not found: the folder holds files but no run configuration, so "
                    + "it is not a run that can be resumed; give the run's own folder.");
            return;
        }
        JsonObject recorded;
        try { recorded = ConfigFile.Read(path); }
        catch (InvalidDataFileException e)
        {
            throw new InvalidDataFileException(path, $"cannot be read to check the run being resumed ({e.Message}).", e);
        }
        var merged = ConfigFile.DefaultsNode();
        ConfigFile.Merge(merged, recorded);
        string? command = merged["command"] is JsonValue v && v.TryGetValue(out string? c) ? c : null;
        if (command != config.Command)
            throw new InvalidConfigurationException($"the folder {output.Path} holds a run of crossbar "
                + $"{(string.IsNullOrEmpty(command) ? "(unknown command)" : command)}, not of crossbar {config.Command}: "
                + "resume it with its own command, or start this run in another folder.");
        var mine = Settings(ConfigFile.ToNode(config));
        var theirs = Settings(merged);
        string? field = JsonDiff.FirstDifference(theirs, mine);
        if (field != null)
            throw new InvalidConfigurationException($"the run in {output.Path} was made with other settings ({field} is "
                + $"{JsonDiff.ValueAt(theirs, field)} there, {JsonDiff.ValueAt(mine, field)} here; see its config.json); "
                + "resume it with the same settings (its own config.json), or start a new run in another folder.");
        ResumableState.Check(output, config);
    }

    private static JsonObject Settings(JsonObject config)
    {
        var copy = config.DeepClone().AsObject();
        foreach (string key in Incidental) copy.Remove(key);
        return copy;
    }
}
