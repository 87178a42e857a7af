namespace CrossbarLab;

/// <summary>An error the user can cause and fix (bad file, bad option, bad folder); its message says what and how.</summary>
public class CrossbarLabException : Exception
{
    /// <summary>Creates the exception with a message written for the user.</summary>
    public CrossbarLabException(string message, Exception? inner = null) : base(message, inner) { }
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

/// <summary>A configuration value or option is impossible (negative size, rate outside [0, 1], …).</summary>
public sealed class InvalidConfigurationException : CrossbarLabException
{
    /// <summary>Creates the exception with a message naming the setting and the allowed range.</summary>
    public InvalidConfigurationException(string message) : base(message) { }
}

/// <summary>An output could not be written (folder exists, not writable, disk full).</summary>
public sealed class OutputException : CrossbarLabException
{
    /// <summary>Creates the exception with a message naming the path and the way out.</summary>
    public OutputException(string message, Exception? inner = null) : base(message, inner) { }
}
