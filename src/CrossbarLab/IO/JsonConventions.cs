using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrossbarLab.IO;

/// <summary>
/// The JSON conventions of every file CrossbarLab reads and writes: snake_case keys from the property names (so records
/// need no per-property attributes), enums as kebab-case names, indented, errors as fractions.
/// </summary>
public static class JsonConventions
{
    /// <summary>Serializer options used for every file.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>The same conventions on one line (for values in messages and listings).</summary>
    public static JsonSerializerOptions Compact { get; } = new(Options) { WriteIndented = false };

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
            // A field given twice in an input is an error, not "the last one wins".
            AllowDuplicateProperties = false,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>A value as a JSON node with these conventions.</summary>
    public static System.Text.Json.Nodes.JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options);

    /// <summary>Writes a JSON node atomically, indented, with a final newline.</summary>
    public static void Write(string path, System.Text.Json.Nodes.JsonNode node) =>
        AtomicFile.WriteAllText(path, node.ToJsonString(Options) + "\n");

    /// <summary>The JSON name of a .NET property name ("DieToDieSpreadSigmaLn" → "die_to_die_spread_sigma_ln").</summary>
    public static string Name(string propertyName) => JsonNamingPolicy.SnakeCaseLower.ConvertName(propertyName);
}
