using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrossbarLab.IO;

/// <summary>
/// How every JSON input is parsed: a field given twice is an error (which value would win is not obvious, and a node
/// tree with both would fail later, outside the reader's checks), and nesting is bounded.
/// </summary>
internal static class JsonInput
{
    /// <summary>Parser options of every JSON input.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    /// <summary>Parses JSON text into a node tree; <see cref="JsonException"/> for invalid JSON or a repeated field.</summary>
    public static JsonNode? Parse(string text) => JsonNode.Parse(text, documentOptions: DocumentOptions);

    /// <summary>Parses UTF-8 JSON into a node tree.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8) => JsonNode.Parse(utf8, documentOptions: DocumentOptions);
}
