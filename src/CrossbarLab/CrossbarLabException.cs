using System.Globalization;

namespace CrossbarLab;

/// <summary>An error the user can cause and fix (bad file, bad option, bad folder); its message says what and how.</summary>
public class CrossbarLabException : Exception
{
    /// <summary>Creates the exception with a message written for the user (any .NET type name in it put in words).</summary>
    public CrossbarLabException(string message, Exception? inner = null) : base(TypeNames.Scrub(message), inner) { }
}

/// <summary>A data or model file is damaged or not of the expected format.</summary>
public sealed class InvalidDataFileException : CrossbarLabException
{
    /// <summary>The file that was being read.</summary>
    public string FilePath { get; }

    /// <summary>Creates the exception naming the file and what is wrong with it.</summary>
    public InvalidDataFileException(string filePath, string problem, Exception? inner = null)
        : base($"{filePath}: {problem}", inner) => FilePath = filePath;
}

/// <summary>
/// A setting is impossible (negative size, rate outside [0, 1], …). The library names the setting by its path in the
/// configuration tree (<c>training.k</c>); the command line maps that path to its flag (<c>--k</c>).
/// </summary>
public sealed class InvalidConfigurationException : CrossbarLabException
{
    /// <summary>Path of the setting in the configuration tree (e.g. "training.k"), or null for a rule across settings.</summary>
    public string? Setting { get; }

    /// <summary>The offending value as text (invariant culture), or null.</summary>
    public string? Value { get; }

    /// <summary>What the setting must be, e.g. "K must be between 1 and 4,096."</summary>
    public string Rule { get; }

    /// <summary>An error about no single setting; the message says what is wrong and how to fix it.</summary>
    public InvalidConfigurationException(string message) : base(message) => Rule = message;

    /// <summary>An error about <paramref name="setting"/>: "training.k 0: K must be between 1 and 4,096."</summary>
    public InvalidConfigurationException(string setting, object? value, string rule)
        : base(Describe(setting, Text(value), rule))
    {
        Setting = setting;
        Value = Text(value);
        Rule = rule;
    }

    /// <summary>"NAME VALUE: RULE", the form every setting error takes, with NAME a setting path or a flag.</summary>
    public static string Describe(string name, string? value, string rule) =>
        value == null ? $"{name}: {rule}" : $"{name} {value}: {rule}";

    private static string? Text(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list when value is not string =>
            string.Join(",", list.Cast<object>().Select(x => Text(x))),
        _ => value.ToString(),
    };
}

/// <summary>An output could not be written (folder exists, not writable, disk full).</summary>
public sealed class OutputException : CrossbarLabException
{
    /// <summary>Creates the exception with a message naming the path and the way out.</summary>
    public OutputException(string message, Exception? inner = null) : base(message, inner) { }
}
