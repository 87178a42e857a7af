using System.Buffers.Binary;
using System.IO.Compression;
using CrossbarLab.IO;

namespace CrossbarLab.Data;

/// <summary>An unsigned-byte IDX file (the MNIST format): its dimensions and its data, read with every header checked.</summary>
/// <remarks>
/// Format (big-endian): two zero bytes, a type code (0x08 = unsigned byte, the only type MNIST uses), the number of
/// dimensions, one 32-bit size per dimension, then the data. A file whose name ends in <c>.gz</c> is decompressed first.
/// Sizes are multiplied in 64 bits and checked against <see cref="MaxDataBytes"/> and against the bytes the file
/// actually holds before anything is allocated; a compressed file's data is read in chunks as it arrives, so a small
/// file that declares a huge size fails on its own length, not on an allocation.
/// </remarks>
public sealed class IdxFile
{
    /// <summary>
    /// The largest data accepted (decompressed), and the largest file read: MNIST's largest file (the training images) is
    /// 47 MB, so 256 MiB leaves room for larger sets of the same format (EMNIST letters: 98 MB).
    /// </summary>
    public const long MaxDataBytes = 256L << 20;

    private const int Chunk = 1 << 20;

    /// <summary>The size of each dimension, outermost first.</summary>
    public int[] Dimensions { get; }

    /// <summary>The data in row-major order.</summary>
    public byte[] Data { get; }

    private IdxFile(int[] dimensions, byte[] data) { Dimensions = dimensions; Data = data; }

    /// <summary>Reads and validates an IDX file (plain or .gz), a regular file of at most <see cref="MaxDataBytes"/>.</summary>
    /// <exception cref="InvalidDataFileException">The file is missing, unreadable, not a regular file, truncated, too long
    /// or has an impossible header.</exception>
    public static IdxFile Read(string path)
    {
        InputFile.CheckReadable(path, MaxDataBytes);
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            bool compressed = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
            Stream stream = compressed ? new GZipStream(file, CompressionMode.Decompress) : file;
            using (stream) return Parse(path, stream);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataFileException(path, $"not a valid gzip stream ({e.Message}).", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidDataFileException(path,
                "permission denied: the file cannot be read (check its permissions).", e);
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
                throw new InvalidDataFileException(name,
                    $"declared data size exceeds {MaxDataBytes:N0} bytes, the most this reader accepts: "
                    + "the header is corrupt.");
        }
        string shape = string.Join("×", dims);
        // A plain file's length is known: compare before allocating what the header declares.
        if (stream.CanSeek && stream.Length - stream.Position < total)
            throw new InvalidDataFileException(name, $"truncated: the header declares {shape} = {total:N0} data bytes but "
                + $"only {stream.Length - stream.Position:N0} follow.");
        byte[] data = stream.CanSeek ? ReadExactly(stream, total) : ReadInChunks(stream, total);
        if (data.Length < total)
            throw new InvalidDataFileException(name,
                $"truncated: the header declares {shape} = {total:N0} data bytes but only {data.Length:N0} follow.");
        if (stream.ReadByte() != -1)
            throw new InvalidDataFileException(name,
                $"{shape} = {total:N0} data bytes declared, but the file is longer: the header and data disagree.");
        return new IdxFile(dims, data);
    }

    private static byte[] ReadExactly(Stream stream, long total)
    {
        var data = new byte[total];
        int got = ReadFully(stream, data);
        return got == data.Length ? data : data[..got];
    }

    /// <summary>Reads up to <paramref name="total"/> bytes, growing the buffer only as data arrives.</summary>
    private static byte[] ReadInChunks(Stream stream, long total)
    {
        var data = new byte[Math.Min(total, Chunk)];
        long got = 0;
        while (got < total)
        {
            if (got == data.Length)
                Array.Resize(ref data, (int)Math.Min(total, 2L * data.Length));
            int n = stream.Read(data, (int)got, (int)Math.Min(data.Length - got, Chunk));
            if (n == 0)
                break;
            got += n;
        }
        return got == data.Length ? data : data[..(int)got];
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
