using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrossbarLab.IO;

namespace CrossbarLab.Reporting;

/// <summary>The JSON conventions of every file CrossbarLab writes: snake_case keys, indented, errors as fractions.</summary>
public static class Json
{
    /// <summary>Serializer options used for all outputs.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Converts an object to a JSON node with the output conventions.</summary>
    public static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options);

    /// <summary>Writes a JSON node atomically.</summary>
    public static void Write(string path, JsonNode node) => AtomicFile.WriteAllText(path, node.ToJsonString(Options) + "\n");
}
