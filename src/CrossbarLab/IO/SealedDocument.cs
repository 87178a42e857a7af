using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrossbarLab.IO;

/// <summary>
/// The pattern of every file CrossbarLab writes and later trusts as input (model, die, checkpoint; the deployment file
/// follows it too): a JSON object with <c>format</c>, <c>version</c> and, last, one <see cref="DocumentChecksum"/> over
/// everything else. Reading one takes only a regular file no larger than its format's cap, and refuses another format
/// or version, a missing checksum and any change, each time with how to make the file again.
/// </summary>
public static class SealedDocument
{
    /// <summary>Adds the checksum and writes the document atomically (indented unless <paramref name="compact"/>).</summary>
    public static void Write(string path, JsonObject document, bool compact = false) =>
        AtomicFile.WriteAllText(path, ToText(document, compact));

    /// <summary>The document with its checksum, as text.</summary>
    public static string ToText(JsonObject document, bool compact = false)
    {
        DocumentChecksum.Seal(document);
        return document.ToJsonString(compact ? JsonConventions.Compact : JsonConventions.Options) + (compact ? "" : "\n");
    }

    /// <summary>Reads and checks the document in <paramref name="path"/>.</summary>
    /// <param name="kind">How the file is named in messages ("die", "model", "checkpoint").</param>
    /// <param name="recreate">How to make the file again, e.g. "make it again with crossbar fab".</param>
    public static JsonObject Read(string path, long maxBytes, string format, int version, string kind, string recreate)
    {
        byte[] bytes = InputFile.ReadAllBytes(path, maxBytes);
        return Parse(path, bytes, format, version, kind, recreate);
    }

    /// <summary>Checks the document in <paramref name="text"/>; <paramref name="name"/> names it in errors.</summary>
    public static JsonObject Parse(string name, string text, string format, int version, string kind, string recreate) =>
        Parse(name, Encoding.UTF8.GetBytes(text), format, version, kind, recreate);

    private static JsonObject Parse(string name, byte[] utf8, string format, int version, string kind, string recreate)
    {
        // JsonNode decodes strings only when they are read, so invalid UTF-8 is refused here, before parsing.
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
            throw new InvalidDataFileException(name, $"not UTF-8 text, so not a CrossbarLab {kind} file.");
        JsonNode? root;
        try
        {
            root = JsonInput.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw new InvalidDataFileException(name, $"not valid JSON ({e.Message}).", e);
        }
        if (root is not JsonObject document)
            throw new InvalidDataFileException(name, "expected a JSON object at the top level.");
        if (Text(document["format"]) != format)
            throw new InvalidDataFileException(name,
                $"field 'format' must be '{format}': this is not a CrossbarLab {kind} file.");
        int found = document["version"] switch
        {
            null => throw new InvalidDataFileException(name, "field 'version' is missing."),
            JsonValue v when v.TryGetValue(out int n) => n,
            _ => throw new InvalidDataFileException(name, "field 'version' has the wrong type (expected an integer)."),
        };
        if (found != version)
            throw new InvalidDataFileException(name,
                $"{kind} file version {found} is not supported (this CrossbarLab reads version {version}); {recreate}.");
        DocumentChecksum.Verify(name, document, recreate);
        return document;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
