using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace CrossbarLab.Interop;

/// <summary>
/// Converts between the element bytes of a .npy data section and .NET arrays (little-endian hosts only).
/// </summary>
internal static class NpyElements
{
    /// <summary>Decodes C-order element bytes; bools must be 0 or 1 and strings valid UTF-32.</summary>
    public static Array Decode(
        ReadOnlySpan<byte> data, NpyDescr descr, int count, Func<string, InvalidDataFileException> fail)
    {
        RequireLittleEndianHost();
        return descr.Dtype switch
        {
            NpyDtype.Float32 => Copy<float>(data, descr.BigEndian),
            NpyDtype.Float64 => Copy<double>(data, descr.BigEndian),
            NpyDtype.Int8 => Copy<sbyte>(data, false),
            NpyDtype.UInt8 => Copy<byte>(data, false),
            NpyDtype.Int32 => Copy<int>(data, descr.BigEndian),
            NpyDtype.Int64 => Copy<long>(data, descr.BigEndian),
            NpyDtype.Bool => DecodeBools(data, fail),
            NpyDtype.Unicode => DecodeStrings(data, descr, count, fail),
            _ => throw new ArgumentOutOfRangeException(nameof(descr)),
        };
    }

    /// <summary>The little-endian element bytes of <paramref name="array"/> in C order.</summary>
    public static byte[] Encode(NpyArray array)
    {
        RequireLittleEndianHost();
        return array.Dtype switch
        {
            NpyDtype.Float32 => MemoryMarshal.AsBytes(array.Get<float>().AsSpan()).ToArray(),
            NpyDtype.Float64 => MemoryMarshal.AsBytes(array.Get<double>().AsSpan()).ToArray(),
            NpyDtype.Int8 => MemoryMarshal.AsBytes(array.Get<sbyte>().AsSpan()).ToArray(),
            NpyDtype.UInt8 => (byte[])array.Get<byte>().Clone(),
            NpyDtype.Int32 => MemoryMarshal.AsBytes(array.Get<int>().AsSpan()).ToArray(),
            NpyDtype.Int64 => MemoryMarshal.AsBytes(array.Get<long>().AsSpan()).ToArray(),
            NpyDtype.Bool => Array.ConvertAll(array.Get<bool>(), v => v ? (byte)1 : (byte)0),
            NpyDtype.Unicode => EncodeStrings(array.Get<string>(), array.CodePoints),
            _ => throw new ArgumentOutOfRangeException(nameof(array)),
        };
    }

    private static T[] Copy<T>(ReadOnlySpan<byte> data, bool bigEndian) where T : unmanaged
    {
        var values = new T[data.Length / Unsafe.SizeOf<T>()];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        data.CopyTo(bytes);
        if (bigEndian && Unsafe.SizeOf<T>() == 4)
        {
            var words = MemoryMarshal.Cast<byte, int>(bytes);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
        if (bigEndian && Unsafe.SizeOf<T>() == 8)
        {
            var words = MemoryMarshal.Cast<byte, long>(bytes);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
        return values;
    }

    private static bool[] DecodeBools(ReadOnlySpan<byte> data, Func<string, InvalidDataFileException> fail)
    {
        int bad = data.IndexOfAnyExcept((byte)0, (byte)1);
        if (bad >= 0)
            throw fail($"bool element {bad} holds the byte {data[bad]}, not 0 or 1.");
        var values = new bool[data.Length];
        for (int i = 0; i < data.Length; i++)
            values[i] = data[i] == 1;
        return values;
    }

    private static string[] DecodeStrings(
        ReadOnlySpan<byte> data, NpyDescr descr, int count, Func<string, InvalidDataFileException> fail)
    {
        var values = new string[count];
        var builder = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            builder.Clear();
            var item = data.Slice(i * descr.ItemSize, descr.ItemSize);
            int used = descr.CodePoints;
            while (used > 0 && ReadUnit(item, used - 1, descr.BigEndian) == 0)
                used--;
            for (int k = 0; k < used; k++)
            {
                uint unit = ReadUnit(item, k, descr.BigEndian);
                if (!Rune.IsValid(unit))
                    throw fail($"string element {i} holds 0x{unit:X}, which is not a Unicode code point.");
                if (unit == 0)
                    throw fail($"string element {i} holds a NUL character before its end.");
                builder.Append(new Rune(unit).ToString());
            }
            values[i] = builder.ToString();
        }
        return values;
    }

    private static uint ReadUnit(ReadOnlySpan<byte> item, int k, bool bigEndian) => bigEndian
        ? BinaryPrimitives.ReadUInt32BigEndian(item[(4 * k)..])
        : BinaryPrimitives.ReadUInt32LittleEndian(item[(4 * k)..]);

    private static byte[] EncodeStrings(string[] strings, int codePoints)
    {
        var bytes = new byte[(long)strings.Length * codePoints * 4];
        for (int i = 0; i < strings.Length; i++)
        {
            int k = 0;
            foreach (var rune in strings[i].EnumerateRunes())
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((i * codePoints + k) * 4), (uint)rune.Value);
                k++;
            }
        }
        return bytes;
    }

    private static void RequireLittleEndianHost()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("the .npy reader and writer run on little-endian machines only.");
    }
}
