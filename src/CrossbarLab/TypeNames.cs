using System.Text.RegularExpressions;

namespace CrossbarLab;

/// <summary>
/// Replaces .NET type names in a message ("could not be converted to System.Nullable`1[System.Int32]") by words a user
/// reads ("an integer"). Messages of user errors often carry the text of an exception from the JSON or base64 readers,
/// which name .NET types; every <see cref="CrossbarLabException"/> passes its message through here.
/// </summary>
internal static partial class TypeNames
{
    // An optional " of type", then a quoted or bare System.X.Y or CrossbarLab.X.Y, with generic arguments `1[...].
    [GeneratedRegex(
        @"(?<prefix> of type)? '?\b(?<type>(?:System|CrossbarLab)(?:\.[A-Za-z_][A-Za-z0-9_]*)+(?:`\d+\[[^\]]*\]+)?)'?")]
    private static partial Regex Qualified();

    /// <summary><paramref name="message"/> with every qualified System or CrossbarLab type name put in words.</summary>
    public static string Scrub(string message) => Qualified().Replace(message, m =>
    {
        string? word = Word(m.Groups["type"].Value);
        // "during deserialization of type X" says nothing to a user when X is one of our records: drop it.
        if (m.Groups["prefix"].Success)
            return word == null ? "" : $" of type {word}";
        return $" {word ?? "the expected kind of value"}";
    });

    private static string? Word(string type)
    {
        // Nullable`1[System.Int32] is the type inside the brackets.
        int open = type.IndexOf('[');
        if (open >= 0)
            type = type[(open + 1)..].TrimEnd(']');
        string name = type[(type.LastIndexOf('.') + 1)..];
        return name switch
        {
            "Int16" or "Int32" or "Int64" or "UInt16" or "UInt32" or "UInt64" or "Byte" or "SByte" => "an integer",
            "Single" or "Double" or "Decimal" => "a number",
            "String" or "Char" => "text",
            "Boolean" => "true or false",
            _ when name.EndsWith("[]") || name.StartsWith("List") => "a list",
            _ => null,
        };
    }
}
