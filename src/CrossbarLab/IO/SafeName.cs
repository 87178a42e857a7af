namespace CrossbarLab.IO;

/// <summary>
/// Names that become parts of file names (a die's name gives die-NN.json, NAME-map.png, models/hardware-aware-NAME.json):
/// ASCII letters, digits, '-', '_' and '.', not starting with '.', without "..", at most <see cref="MaxLength"/>
/// characters. Such a name cannot leave its folder ('/', ".."), hide a file, carry a NUL or control character, or be
/// read as console markup ('[').
/// </summary>
public static class SafeName
{
    /// <summary>The longest name accepted.</summary>
    public const int MaxLength = 100;

    /// <summary>What a name must be, for error messages.</summary>
    public const string Rule = "a name may hold only letters, digits, '-', '_' and '.', must not start with '.' or "
        + "contain '..', and has at most 100 characters";

    /// <summary>Whether <paramref name="name"/> is safe as a file stem.</summary>
    public static bool IsSafe(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && name[0] != '.' && !name.Contains("..")
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>
    /// A safe name made from <paramref name="text"/> (a file name, a label): every other character becomes '-', a leading
    /// '.' and ".." are broken up, and the result is cut to <see cref="MaxLength"/>; empty text gives "unnamed".
    /// </summary>
    public static string From(string text)
    {
        var chars = text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray();
        string name = new string(chars).Replace("..", "-.");
        while (name.Contains(".."))
            name = name.Replace("..", "-.");
        if (name.StartsWith('.'))
            name = "-" + name[1..];
        if (name.Length > MaxLength)
            name = name[..MaxLength];
        return name.Length == 0 ? "unnamed" : name;
    }
}
