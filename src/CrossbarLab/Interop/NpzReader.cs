using System.IO.Compression;

namespace CrossbarLab.Interop;

/// <summary>
/// Reads the entries of a .npz archive defensively: every declared size is checked against the caps before anything is
/// decompressed, and no entry is read past its declared size: .NET's inflater stops there, the reader asks for one
/// more byte to detect an entry that lies about its size, and each entry's CRC-32 is verified before its array is
/// parsed, so a zip bomb costs at most its declared size.
/// </summary>
internal static class NpzReader
{
    private const string Suffix = ".npy";

    /// <summary>The (name, array) pairs of the archive in <paramref name="bytes"/>, in archive order.</summary>
    public static List<(string Name, NpyArray Array)> ReadEntries(byte[] bytes, string path)
    {
        using var zip = OpenZip(bytes, path);
        CheckDeclaredSizes(zip, path);
        var arrays = new List<(string, NpyArray)>(zip.Entries.Count);
        foreach (var entry in zip.Entries)
        {
            byte[] content = ReadEntry(entry, path);
            string name = entry.FullName[..^Suffix.Length];
            arrays.Add((name, NpyReader.Parse(content, path, entry.FullName)));
        }
        return arrays;
    }

    private static ZipArchive OpenZip(byte[] bytes, string path)
    {
        try
        {
            var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            _ = zip.Entries.Count; // reads the central directory, where a damaged archive shows
            return zip;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            throw new InvalidDataFileException(path, $"not a valid .npz (zip) archive: {e.Message}", e);
        }
    }

    /// <summary>Checks names, flags and declared sizes of all entries before any of them is decompressed.</summary>
    private static void CheckDeclaredSizes(ZipArchive zip, string path)
    {
        if (zip.Entries.Count > InteropLimits.MaxEntries)
            throw new InvalidDataFileException(path,
                $"holds {zip.Entries.Count:N0} entries, more than the {InteropLimits.MaxEntries:N0} allowed.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            string name = entry.FullName;
            string? problem = null;
            if (!name.EndsWith(Suffix, StringComparison.Ordinal))
                problem = "is not an .npy array (an .npz holds only NAME.npy entries)";
            else if (NpzArchive.NameProblem(name[..^Suffix.Length]) is string bad)
                problem = "has a name that " + bad.TrimEnd('.');
            else if (!seen.Add(name))
                problem = "appears twice";
            else if (entry.IsEncrypted)
                problem = "is encrypted";
            else if (entry.Length > InteropLimits.MaxEntryBytes)
                problem =
                    $"declares {entry.Length:N0} uncompressed bytes, more than the {InteropLimits.MaxEntryBytes:N0} " +
                    "allowed";
            if (problem != null)
                throw new InvalidDataFileException(path, $"entry '{name}' {problem}.");
            total += entry.Length;
            if (total > InteropLimits.MaxTotalUncompressedBytes)
                throw new InvalidDataFileException(path,
                    $"its entries declare more than {InteropLimits.MaxTotalUncompressedBytes:N0} uncompressed " +
                    $"bytes in total (the limit), counting up to entry '{name}'.");
        }
    }

    /// <summary>
    /// Decompresses one entry into exactly its declared size, refusing more or fewer bytes and a bad CRC-32.
    /// </summary>
    private static byte[] ReadEntry(ZipArchiveEntry entry, string path)
    {
        InvalidDataFileException Fail(string problem, Exception? inner = null) =>
            new(path, $"entry '{entry.FullName}': {problem}", inner);
        var content = new byte[entry.Length];
        try
        {
            using var stream = entry.Open();
            int read = stream.ReadAtLeast(content, content.Length, throwOnEndOfStream: false);
            if (read < content.Length)
                throw Fail($"truncated: it inflates to {read:N0} bytes but declares {entry.Length:N0}.");
            if (stream.ReadByte() >= 0)
                throw Fail(
                    $"inflates to more than its declared {entry.Length:N0} bytes (damaged, or a zip bomb); reading " +
                    "stopped there.");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            throw Fail($"cannot be decompressed: {e.Message}", e);
        }
        if (Crc32.Compute(content) != entry.Crc32)
            throw Fail("its CRC-32 does not match its contents (the archive is damaged).");
        return content;
    }
}
