using System.Buffers.Binary;
using System.IO.Compression;

namespace CrossbarLab.Data;

/// <summary>An unsigned-byte IDX file (the MNIST format): its dimensions and its data, read with every header checked.</summary>
/// <remarks>
/// Format (big-endian): two zero bytes, a type code (0x08 = unsigned byte, the only type MNIST uses), the number of
/// dimensions, one 32-bit size per dimension, then the data. A file whose name ends in <c>.gz</c> is decompressed first.
/// </remarks>
public sealed class IdxFile
{
    /// <summary>The largest file we accept (decompressed), so a corrupt header cannot make us allocate without bound.</summary>
    public const long MaxDataBytes = 1L << 31;

    /// <summary>The size of each dimension, outermost first.</summary>
    public int[] Dimensions { get; }

    /// <summary>The data in row-major order.</summary>
    public byte[] Data { get; }

    private IdxFile(int[] dimensions, byte[] data) { Dimensions = dimensions; Data = data; }

    /// <summary>Reads and validates an IDX file (plain or .gz).</summary>
    /// <exception cref="InvalidDataFileException">The file is missing, truncated, too long or has an impossible header.</exception>
    public static IdxFile Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataFileException(path, "file not found.");
        try
        {
            using var file = File.OpenRead(path);
            Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
            using (stream) return Parse(path, stream);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataFileException(path, $"not a valid gzip stream ({e.Message}).", e);
        }
        catch (IOException e)
        {
            throw new InvalidDataFileException(path, $"cannot be read ({e.Message}).", e);
        }
    }

    /// <summary>Parses an IDX stream; <paramref name="name"/> appears in error messages.</summary>
    public static IdxFile Parse(string name, Stream stream)
    {
        Span<byte> magic = stackalloc byte[4];
        if (ReadFully(stream, magic) < 4)
            throw new InvalidDataFileException(name, "truncated: the 4-byte IDX header is incomplete (file is empty or cut short).");
        if (magic[0] != 0 || magic[1] != 0)
            throw new InvalidDataFileException(name, $"wrong magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(magic):X8}: an IDX file starts with two zero bytes (is this really an uncompressed IDX file?).");
        if (magic[2] != 0x08)
            throw new InvalidDataFileException(name, $"unsupported IDX element type 0x{magic[2]:X2}: only unsigned bytes (0x08) are supported.");
        int rank = magic[3];
        if (rank is < 1 or > 4)
            throw new InvalidDataFileException(name, $"impossible number of dimensions {rank}: expected 1 to 4.");

        var header = new byte[4 * rank];
        if (ReadFully(stream, header) < header.Length)
            throw new InvalidDataFileException(name, $"truncated: the header declares {rank} dimensions but their sizes are cut short.");
        var dims = new int[rank];
        long total = 1;
        for (int d = 0; d < rank; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4 * d));
            if (size == 0 || size > int.MaxValue)
                throw new InvalidDataFileException(name, $"impossible size {size} for dimension {d}: sizes must be between 1 and {int.MaxValue}.");
            dims[d] = (int)size;
            total *= size;
            if (total > MaxDataBytes)
                throw new InvalidDataFileException(name, $"declared data size exceeds {MaxDataBytes} bytes: the header is corrupt.");
        }

        var data = new byte[total];
        int got = ReadFully(stream, data);
        if (got < total)
            throw new InvalidDataFileException(name, $"truncated: the header declares {string.Join("×", dims)} = {total} data bytes but only {got} follow.");
        if (stream.ReadByte() != -1)
            throw new InvalidDataFileException(name, $"{string.Join("×", dims)} = {total} data bytes declared, but the file is longer: the header and data disagree.");
        return new IdxFile(dims, data);
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
