using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace CrossbarLab.IO;

/// <summary>
/// One SHA-256 over a whole JSON document: every field but <c>checksum</c> itself, serialised compactly in file order. Any
/// changed number, name or setting (a model's threshold, a die's failed lines, an ADC resolution) is an error, not a
/// silently different result, and the field is required, so deleting it does not turn verification off.
/// </summary>
public static class DocumentChecksum
{
    /// <summary>The name of the field that holds the checksum.</summary>
    public const string Field = "checksum";

    /// <summary>Lower-case hex SHA-256 of <paramref name="document"/> without its checksum field.</summary>
    public static string Of(JsonObject document)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in document)
            if (key != Field) copy[key] = value?.DeepClone();
        byte[] bytes = Encoding.UTF8.GetBytes(copy.ToJsonString(JsonConventions.Compact));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Adds (or replaces) the checksum as the document's last field.</summary>
    public static JsonObject Seal(JsonObject document)
    {
        document.Remove(Field);
        document[Field] = Of(document);
        return document;
    }

    /// <summary>
    /// Throws <see cref="InvalidDataFileException"/> unless <paramref name="document"/> carries its own checksum;
    /// <paramref name="recreate"/> says how to make the file again (e.g. "run crossbar fab again").
    /// </summary>
    public static void Verify(string name, JsonObject document, string recreate)
    {
        if (document[Field] is not JsonValue value || !value.TryGetValue(out string? recorded))
            throw new InvalidDataFileException(name, $"the file has no checksum, so it cannot be verified; {recreate}.");
        if (recorded != Of(document))
            throw new InvalidDataFileException(name, $"the contents do not match the file's checksum: it is damaged or was edited; {recreate}.");
    }
}
