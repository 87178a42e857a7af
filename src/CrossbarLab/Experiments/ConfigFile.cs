using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using CrossbarLab.IO;

namespace CrossbarLab.Experiments;

/// <summary>
/// Reads and writes <see cref="RunConfig"/> files. A file may give any part of the tree: what it leaves out keeps its
/// default. Unknown or misspelt fields and enum values are refused with their path and the nearest valid name, so a typo
/// never silently falls back to a default.
/// </summary>
public static class ConfigFile
{
    /// <summary>The largest configuration file read (a full config.json is a few kilobytes).</summary>
    public const long MaxBytes = 1 << 20;

    /// <summary>The defaults as a JSON object, the base every file and option is merged onto.</summary>
    public static JsonObject DefaultsNode() => ToNode(RunConfig.Default);

    /// <summary>A configuration as a JSON object.</summary>
    public static JsonObject ToNode(RunConfig config) => JsonConventions.ToNode(config)!.AsObject();

    /// <summary>Reads <paramref name="path"/> over the defaults and returns the configuration (not yet validated).</summary>
    public static RunConfig Load(string path)
    {
        var node = DefaultsNode();
        Merge(node, Read(path));
        return FromNode(node, path);
    }

    /// <summary>Reads a configuration file as a JSON object whose every field exists in the tree.</summary>
    public static JsonObject Read(string path)
    {
        string text = TextFile.Read(path, MaxBytes, "configuration file");
        JsonNode? node;
        try { node = JsonInput.Parse(text); }
        catch (JsonException e) { throw new InvalidDataFileException(path, $"not valid JSON ({e.Message})."); }
        if (node is not JsonObject root) throw new InvalidDataFileException(path, "expected a JSON object (a run's config.json).");
        string? problem = Check(root, typeof(RunConfig), "");
        if (problem != null) throw new InvalidDataFileException(path, problem);
        return root;
    }

    /// <summary>Copies every field of <paramref name="patch"/> onto <paramref name="target"/>; objects merge, anything else replaces.</summary>
    public static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is JsonObject inner && target[key] is JsonObject existing) Merge(existing, inner);
            else target[key] = value?.DeepClone();
        }
    }

    /// <summary>Sets the field at <paramref name="path"/> ("training.k") to <paramref name="value"/>.</summary>
    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
            node = node[part] as JsonObject ?? throw new InvalidOperationException($"No section {part} in {path}.");
        node[parts[^1]] = value;
    }

    /// <summary>The configuration a merged JSON object describes; <paramref name="source"/> names it in errors.</summary>
    public static RunConfig FromNode(JsonObject node, string source)
    {
        string? problem = Check(node, typeof(RunConfig), "");
        if (problem != null) throw new InvalidDataFileException(source, problem);
        try
        {
            return node.Deserialize<RunConfig>(JsonConventions.Options)
                ?? throw new InvalidDataFileException(source, "the configuration is null.");
        }
        catch (JsonException e)
        {
            string field = e.Path is { Length: > 2 } p ? p[2..] : "the configuration";
            throw new InvalidDataFileException(source, $"{field}: a value has the wrong type or is missing ({FirstSentence(e.Message)})");
        }
    }

    /// <summary>The configuration as config.json text.</summary>
    public static string ToJson(RunConfig config) => ToNode(config).ToJsonString(JsonConventions.Options) + "\n";

    /// <summary>
    /// The first field of <paramref name="node"/> that does not belong in <paramref name="type"/> (unknown name, enum value
    /// not among the names, object where a value is expected), as a sentence naming its path and the nearest valid name.
    /// </summary>
    private static string? Check(JsonNode? node, Type type, string path)
    {
        if (node is null) return null;
        var info = JsonConventions.Options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
        if (info.Type.IsEnum) return CheckEnum(node, info.Type, path);
        if (info.Kind != JsonTypeInfoKind.Object) return null;
        if (node is not JsonObject obj) return $"{Name(path)} must be an object with the fields {string.Join(", ", info.Properties.Select(p => p.Name))}.";
        foreach (var (key, value) in obj)
        {
            var property = info.Properties.FirstOrDefault(p => p.Name == key);
            string child = path.Length == 0 ? key : $"{path}.{key}";
            if (property == null)
            {
                string? near = NearestName.Of(key, info.Properties.Select(p => p.Name));
                string where = path.Length == 0 ? "at the top level" : $"in {path}";
                return $"unknown field '{child}' {where}" + (near == null ? "." : $" (did you mean '{Join(path, near)}'?).");
            }
            string? problem = Check(value, property.PropertyType, child);
            if (problem != null) return problem;
        }
        return null;
    }

    private static string? CheckEnum(JsonNode node, Type type, string path)
    {
        var names = Enum.GetNames(type).Select(JsonNamingPolicy.KebabCaseLower.ConvertName).ToList();
        if (node is JsonValue v && v.TryGetValue(out string? text) && names.Contains(text)) return null;
        string given = node.ToJsonString();
        string? near = node is JsonValue s && s.TryGetValue(out string? t) ? NearestName.Of(t, names) : null;
        return $"{path} {given} is not one of {string.Join(", ", names)}" + (near == null ? "." : $" (did you mean '{near}'?).");
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Name(string path) => path.Length == 0 ? "the configuration" : path;

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}
