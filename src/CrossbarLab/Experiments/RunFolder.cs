using System.Text.Json.Nodes;
using CrossbarLab.IO;

namespace CrossbarLab.Experiments;

/// <summary>
/// config.json of a run. A resumed run must be the run that was interrupted: finished stages are loaded without
/// retraining, so resuming with other settings would silently mix two experiments. Resuming therefore checks that the
/// recorded configuration matches, ignoring only what does not change the numbers (version, backend asked for, data path).
/// </summary>
public static class RunFolder
{
    private static readonly string[] Incidental = ["crossbarlab_version", "backend", "data"];

    /// <summary>Checks, when resuming over an existing config.json, that it records the same settings; then writes <paramref name="config"/>.</summary>
    public static void WriteConfig(RunDirectory output, RunConfig config, bool resume)
    {
        CheckResume(output, config, resume);
        AtomicFile.WriteAllText(output.FilePath("config.json"), ConfigFile.ToJson(config));
    }

    /// <summary>Throws unless a resumed run's recorded configuration equals <paramref name="config"/> (nothing is written).</summary>
    public static void CheckResume(RunDirectory output, RunConfig config, bool resume)
    {
        string path = output.FilePath("config.json");
        if (!resume || !File.Exists(path)) return;
        JsonObject recorded;
        try { recorded = ConfigFile.Read(path); }
        catch (InvalidDataFileException e)
        {
            throw new InvalidDataFileException(path, $"cannot be read to check the run being resumed ({e.Message}).", e);
        }
        var merged = ConfigFile.DefaultsNode();
        ConfigFile.Merge(merged, recorded);
        if (!JsonNode.DeepEquals(Settings(merged), Settings(ConfigFile.ToNode(config))))
            throw new InvalidConfigurationException(
                $"the run in {output.Path} was made with other settings (see its config.json); resume it with the same " +
                "settings (its own config.json), or start a new run in another folder.");
    }

    private static JsonObject Settings(JsonObject config)
    {
        var copy = config.DeepClone().AsObject();
        foreach (string key in Incidental) copy.Remove(key);
        return copy;
    }
}
