using CrossbarLab.IO;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace CrossbarLab.Interop;

/// <summary>
/// Writes <see cref="NpyArray"/>s as NumPy .npy files, byte for byte as NumPy 1.23 and later write them: format
/// version 1.0 (2.0 only if the header exceeded 65,535 bytes), little-endian, C order, the header dictionary with
/// its keys sorted, NumPy's spare spaces for growing the first axis, padded so the data starts at a multiple of 64.
/// </summary>
public static class NpyWriter
{
    private const int Alignment = 64;
    private const int GrowthAxisMaxDigits = 21;
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The bytes of <paramref name="array"/> as a .npy file.</summary>
    public static byte[] ToBytes(NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        byte[] header = Header(array);
        byte[] data = NpyElements.Encode(array);
        var bytes = new byte[header.Length + data.Length];
        header.CopyTo(bytes, 0);
        data.CopyTo(bytes, header.Length);
        return bytes;
    }

    /// <summary>Writes <paramref name="array"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, NpyArray array) => stream.Write(ToBytes(array));

    /// <summary>
    /// Writes <paramref name="array"/> to <paramref name="path"/> (through a temporary file that is renamed).
    /// </summary>
    public static void Save(string path, NpyArray array) => AtomicFile.WriteAllBytes(path, ToBytes(array));

    /// <summary>The magic, version, header length and padded header dictionary.</summary>
    internal static byte[] Header(NpyArray array)
    {
        string shape = array.ShapeText;
        string dictionary = $"{{'descr': '{array.Descr}', 'fortran_order': False, 'shape': {shape}, }}";
        string first = array.Shape.Count > 0 ? array.Shape[0].ToString(CultureInfo.InvariantCulture) : "";
        int growth = array.Shape.Count > 0 ? GrowthAxisMaxDigits - first.Length : 0;
        string text = dictionary + new string(' ', growth);
        int version = 1;
        int prefix = 10;
        int padding = Alignment - (prefix + text.Length + 1) % Alignment;
        if (text.Length + 1 + padding > ushort.MaxValue)
        {
            version = 2;
            prefix = 12;
            padding = Alignment - (prefix + text.Length + 1) % Alignment;
        }
        int headerLength = text.Length + padding + 1;
        var bytes = new byte[prefix + headerLength];
        Magic.CopyTo(bytes);
        bytes[6] = (byte)version;
        bytes[7] = 0;
        if (version == 1)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
        Encoding.ASCII.GetBytes(text, bytes.AsSpan(prefix));
        bytes.AsSpan(prefix + text.Length, padding).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        return bytes;
    }
}
