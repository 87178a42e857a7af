using System.Text;

namespace CrossbarLab.IO;

/// <summary>Reads small text files (configurations, statistics) with a size cap, refusing what is not a regular file.</summary>
public static class TextFile
{
    /// <summary>The whole file as text; <paramref name="what"/> names the kind of file in errors.</summary>
    public static string Read(string path, long maxBytes, string what)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) throw new InvalidDataFileException(path, $"{what} not found.");
        byte[] bytes = InputFile.ReadAllBytes(path, maxBytes);
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF'); }
        catch (DecoderFallbackException) { throw new InvalidDataFileException(path, $"the {what} is not UTF-8 text."); }
    }
}
