using CrossbarLab.IO;
using System.Buffers.Binary;
using System.Text;

namespace CrossbarLab.Interop;

/// <summary>
/// Reads NumPy .npy arrays (format versions 1.0, 2.0 and 3.0) without Python. Supported dtypes: see
/// <see cref="NpyDtype"/>. Big-endian data is converted to little-endian, Fortran-order (column-major) data is
/// reordered to C order, so every <see cref="NpyArray"/> is in C order. Object arrays and Python pickles are refused
/// without ever being unpickled. Every failure is an <see cref="InvalidDataFileException"/> naming the file (and the
/// .npz entry) and the problem; sizes are checked against <see cref="InteropLimits"/> before anything is allocated.
/// </summary>
public static class NpyReader
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads the .npy file at <paramref name="path"/>.</summary>
    public static NpyArray Read(string path) => Parse(InputFile.ReadAllBytes(path, InteropLimits.MaxFileBytes), path);

    /// <summary>
    /// Parses the bytes of a .npy file; <paramref name="path"/> and <paramref name="entry"/> name it in errors.
    /// </summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="path">The file the bytes came from.</param>
    /// <param name="entry">The .npz entry the bytes came from, or null for a plain .npy file.</param>
    public static NpyArray Parse(ReadOnlySpan<byte> bytes, string path, string? entry = null)
    {
        string where = entry is null ? "" : $"entry '{entry}': ";
        InvalidDataFileException Fail(string problem) => new(path, where + problem);
        if (LooksLikePickle(bytes))
            throw Fail("is a Python pickle, not a .npy array; CrossbarLab never unpickles data.");
        if (bytes.Length < Magic.Length)
            throw Fail("truncated: too short for a .npy header.");
        if (!bytes[..Magic.Length].SequenceEqual(Magic))
            throw Fail("not a .npy array (no \\x93NUMPY magic).");
        if (bytes.Length < 10)
            throw Fail("truncated: the .npy header is cut off.");
        int major = bytes[6];
        int minor = bytes[7];
        if (major is < 1 or > 3 || minor != 0)
            throw Fail($".npy format version {major}.{minor} is not supported (1.0, 2.0 and 3.0 are).");
        int prefix = major == 1 ? 10 : 12;
        if (bytes.Length < prefix)
            throw Fail("truncated: the .npy header is cut off.");
        long headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..])
            : BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (headerLength > InteropLimits.MaxHeaderBytes)
            throw Fail(
                $"the .npy header declares {headerLength:N0} bytes, more than the " +
                $"{InteropLimits.MaxHeaderBytes:N0} allowed.");
        if (bytes.Length < prefix + headerLength)
            throw Fail($"truncated: the header needs {headerLength} bytes but only {bytes.Length - prefix} follow.");
        var header = ParseHeader(bytes.Slice(prefix, (int)headerLength), major, Fail);
        var descr = NpyDescr.Parse(header.Descr, out string problem) ?? throw Fail(problem);
        int[] shape = CheckShape(header.Shape, descr, out long count, out long dataBytes, Fail);
        var data = bytes[(prefix + (int)headerLength)..];
        if (data.Length < dataBytes)
            throw Fail(
                $"truncated: shape {ShapeText(header.Shape)} of '{header.Descr}' needs {dataBytes:N0} data bytes " +
                $"but {data.Length:N0} follow the header.");
        if (data.Length > dataBytes)
            throw Fail(
                $"{data.Length - dataBytes:N0} bytes follow the data of shape {ShapeText(header.Shape)} of " +
                $"'{header.Descr}' (the shape lies or the file is damaged).");
        var ordered = header.FortranOrder ? FortranToC(data, shape, descr.ItemSize) : data;
        var elements = NpyElements.Decode(ordered, descr, (int)count, Fail);
        return new NpyArray(elements, shape);
    }

    private static bool LooksLikePickle(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 2 && bytes[0] == 0x80 && bytes[1] is >= 2 and <= 5;

    private static NpyHeader ParseHeader(ReadOnlySpan<byte> raw, int major, Func<string, InvalidDataFileException> fail)
    {
        string text;
        try
        {
            text = major == 3 ? new UTF8Encoding(false, true).GetString(raw) : Encoding.Latin1.GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            throw fail("the version 3.0 header is not valid UTF-8.");
        }
        try
        {
            return NpyHeader.Parse(text);
        }
        catch (FormatException e)
        {
            throw fail(e.Message);
        }
    }

    private static int[] CheckShape(
        long[] dims, NpyDescr descr, out long count, out long dataBytes, Func<string, InvalidDataFileException> fail)
    {
        count = 1;
        foreach (long d in dims)
        {
            if (d > int.MaxValue)
                throw fail($"shape {ShapeText(dims)} has a dimension larger than {int.MaxValue:N0}.");
            if (d != 0 && count > long.MaxValue / d)
                throw fail($"shape {ShapeText(dims)} has too many elements.");
            count *= d;
        }
        bool tooMany = descr.ItemSize > 0 && count > InteropLimits.MaxArrayBytes / descr.ItemSize;
        if (tooMany || count > int.MaxValue)
            throw fail(
                $"shape {ShapeText(dims)} of '{NpyDescr.Format(descr.Dtype, descr.CodePoints)}' declares more than " +
                $"the {InteropLimits.MaxArrayBytes:N0} bytes allowed for one array.");
        dataBytes = count * descr.ItemSize;
        return Array.ConvertAll(dims, d => (int)d);
    }

    private static string ShapeText(long[] dims) => dims.Length == 1 ? $"({dims[0]},)" : $"({string.Join(", ", dims)})";

    /// <summary>
    /// Reorders column-major elements (first index fastest) into row-major order, element by element.
    /// </summary>
    private static ReadOnlySpan<byte> FortranToC(ReadOnlySpan<byte> data, int[] shape, int itemSize)
    {
        if (shape.Length < 2 || data.IsEmpty)
            return data;
        var output = new byte[data.Length];
        var strides = new long[shape.Length];
        long stride = itemSize;
        for (int k = 0; k < shape.Length; k++)
        {
            strides[k] = stride;
            stride *= shape[k];
        }
        var index = new int[shape.Length];
        long source = 0;
        for (long target = 0; target < output.Length; target += itemSize)
        {
            data.Slice((int)source, itemSize).CopyTo(output.AsSpan((int)target, itemSize));
            for (int k = shape.Length - 1; k >= 0; k--)
            {
                index[k]++;
                source += strides[k];
                if (index[k] < shape[k])
                    break;
                source -= strides[k] * shape[k];
                index[k] = 0;
            }
        }
        return output;
    }
}
