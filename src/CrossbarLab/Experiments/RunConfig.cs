using System.Text.Json.Nodes;
using CrossbarLab.IO;
using CrossbarLab.Reporting;

namespace CrossbarLab.Experiments;

/// <summary>
/// config.json of a multi-stage run. A resumed run must be the run that was interrupted: finished stages are loaded from
/// models/ without retraining, so resuming with other settings would silently mix two experiments. Resuming therefore
/// checks that the recorded settings match, ignoring only what does not change the numbers (version, backend name, data path).
/// </summary>
internal static class RunConfig
{
    private static readonly string[] Incidental = ["crossbarlab_version", "backend", "data"];

    /// <summary>Writes <paramref name="config"/> to output/config.json; when resuming over an existing one, first refuses different settings.</summary>
    public static void Write(RunDirectory output, JsonObject config, bool resume)
    {
        string path = output.FilePath("config.json");
        if (resume && File.Exists(path))
        {
            JsonNode? recorded;
            try { recorded = JsonNode.Parse(File.ReadAllText(path)); }
            catch (System.Text.Json.JsonException e) { throw new InvalidDataFileException(path, $"cannot be read to check the run being resumed ({e.Message}).", e); }
            if (recorded is not JsonObject old || !JsonNode.DeepEquals(Settings(old), Settings(config)))
                throw new InvalidConfigurationException($"--resume: the run in {output.Path} was made with other settings (see its config.json); resume it with the same options, or start a new run with another --out.");
        }
        Json.Write(path, config);
    }

    private static JsonObject Settings(JsonObject config)
    {
        var copy = config.DeepClone().AsObject();
        foreach (string key in Incidental) copy.Remove(key);
        return copy;
    }
}
