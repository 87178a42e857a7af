using System.Text;

namespace CrossbarLab.IO;

/// <summary>
/// Reads text input files (configurations, statistics, resistance maps, histories) with a size cap, refusing what is not
/// a regular file. UTF-8 is expected; a UTF-16 file (with its byte-order mark, as some spreadsheet programs write CSV)
/// is decoded as such.
/// </summary>
internal static class TextFile
{
    /// <summary>The whole file as text; <paramref name="what"/> names the kind of file in errors.</summary>
    public static string Read(string path, long maxBytes, string what)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) throw new InvalidDataFileException(path, $"{what} not found.");
        byte[] bytes = InputFile.ReadAllBytes(path, maxBytes);
        try { return Decode(bytes); }
        catch (DecoderFallbackException) { throw new InvalidDataFileException(path, $"the {what} is not UTF-8 text."); }
    }

    private static string Decode(byte[] bytes)
    {
        var encoding = bytes switch
        {
            [0xFF, 0xFE, ..] => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true),
            [0xFE, 0xFF, ..] => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true),
            _ => (Encoding)new UTF8Encoding(false, throwOnInvalidBytes: true),
        };
        int skip = encoding is UnicodeEncoding ? 2 : 0;
        return encoding.GetString(bytes, skip, bytes.Length - skip).TrimStart('\uFEFF');
    }
}
