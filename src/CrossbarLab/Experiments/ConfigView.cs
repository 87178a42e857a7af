using System.Text.Json.Nodes;
using CrossbarLab.IO;

namespace CrossbarLab.Experiments;

/// <summary>A configuration as lines "path = value", the fields that differ from the defaults first (as aihwkit prints parameters).</summary>
public static class ConfigView
{
    /// <summary>One field: its path, its value and its default, as JSON text.</summary>
    public sealed record Field(string Path, string Value, string Default)
    {
        /// <summary>Whether the value differs from the default.</summary>
        public bool Changed => Value != Default;
    }

    /// <summary>Every leaf field of <paramref name="config"/>, changed ones first, each group in tree order.</summary>
    public static IReadOnlyList<Field> Fields(RunConfig config)
    {
        var values = new List<(string, string)>();
        Flatten(ConfigFile.ToNode(config), "", values);
        var defaults = new Dictionary<string, string>();
        var list = new List<(string, string)>();
        Flatten(ConfigFile.DefaultsNode(), "", list);
        foreach (var (path, text) in list) defaults[path] = text;
        var fields = values.Select(v => new Field(v.Item1, v.Item2, defaults.GetValueOrDefault(v.Item1, "null"))).ToList();
        return [.. fields.Where(f => f.Changed && !Informational(f.Path)), .. fields.Where(f => !f.Changed || Informational(f.Path))];
    }

    private static bool Informational(string path) => path is "command" or "crossbarlab_version";

    private static void Flatten(JsonNode? node, string path, List<(string, string)> into)
    {
        if (node is JsonObject obj && obj.Count > 0)
        {
            foreach (var (key, value) in obj) Flatten(value, path.Length == 0 ? key : $"{path}.{key}", into);
            return;
        }
        into.Add((path, node?.ToJsonString(JsonConventions.Compact) ?? "null"));
    }
}
