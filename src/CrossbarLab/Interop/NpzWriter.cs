using System.IO.Compression;

namespace CrossbarLab.Interop;

/// <summary>Writes .npz archives deterministically: fixed entry order, fixed timestamps, no file attributes.</summary>
internal static class NpzWriter
{
    /// <summary>
    /// The timestamp of every entry: 1980-01-01 00:00, the earliest a zip can hold. It carries the local offset, so the
    /// stored clock time is the same whether the zip code converts to local time or not.
    /// </summary>
    private static DateTimeOffset FixedTime
    {
        get
        {
            var clock = new DateTime(1980, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
            return new DateTimeOffset(clock, TimeZoneInfo.Local.GetUtcOffset(clock));
        }
    }

    /// <summary>The zip bytes of <paramref name="arrays"/>, entry NAME.npy for each, in the order given.</summary>
    public static byte[] ToBytes(IEnumerable<(string Name, NpyArray Array)> arrays, bool compress)
    {
        var level = compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, array) in arrays)
            {
                var entry = zip.CreateEntry(name + ".npy", level);
                entry.LastWriteTime = FixedTime;
                entry.ExternalAttributes = 0;
                using var stream = entry.Open();
                stream.Write(NpyWriter.ToBytes(array));
            }
        }
        return buffer.ToArray();
    }
}
