using System.Buffers.Binary;
using System.Text;
using CrossbarLab.Interop;
using Xunit.Abstractions;

namespace CrossbarLab.Tests.Interop;

public class NpyReaderTests(ITestOutputHelper output)
{
    private const string Path = "test.npy";

    /// <summary>
    /// np.save of np.array([[1, 2, 3], [4, 5, 6]], dtype='&lt;f4') by NumPy 1.23 or later, byte for byte.
    /// </summary>
    internal static byte[] NumpyFloatMatrix()
    {
        // Magic, version 1.0, header length 0x0076 = 118, so the data starts at byte 128.
        byte[] prefix = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 0x01, 0x00, 0x76, 0x00];
        // 20 spare spaces for growing the first axis (21 digits minus the 1 of "2"), 38 of alignment, a newline.
        string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + new string(' ', 58) + "\n";
        byte[] data =
        [
            0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x40, 0x40,
            0x00, 0x00, 0x80, 0x40, 0x00, 0x00, 0xA0, 0x40, 0x00, 0x00, 0xC0, 0x40,
        ];
        return [.. prefix, .. Encoding.ASCII.GetBytes(header), .. data];
    }

    /// <summary>A .npy file with the given header dictionary (version 1.0, padded like NumPy) and data.</summary>
    internal static byte[] Npy(string dictionary, byte[] data, int major = 1)
    {
        int prefix = major == 1 ? 10 : 12;
        int padding = 64 - (prefix + dictionary.Length + 1) % 64;
        string header = dictionary + new string(' ', padding) + "\n";
        var bytes = new byte[prefix + header.Length + data.Length];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY", bytes.AsSpan(1));
        bytes[6] = (byte)major;
        if (major == 1)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)header.Length);
        Encoding.UTF8.GetBytes(header, bytes.AsSpan(prefix));
        data.CopyTo(bytes, prefix + header.Length);
        return bytes;
    }

    private static string Dict(string descr, string shape, bool fortran = false) =>
        $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";

    [Fact]
    public void ReadsTheBytesNumpyWrites()
    {
        var array = NpyReader.Parse(NumpyFloatMatrix(), Path);
        Assert.Equal(NpyDtype.Float32, array.Dtype);
        Assert.Equal([2, 3], array.Shape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], array.Get<float>());
    }

    [Fact]
    public void WritesTheBytesNumpyWrites()
    {
        var array = new NpyArray(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, 2, 3);
        Assert.Equal(NumpyFloatMatrix(), NpyWriter.ToBytes(array));
    }

    [Fact]
    public void WritesNumpysHeaderForScalarsAndVectors()
    {
        byte[] scalar = NpyWriter.ToBytes(NpyArray.Text("{\"a\": 1}"));
        string text = Encoding.ASCII.GetString(scalar, 10, 118);
        Assert.Equal("{'descr': '<U8', 'fortran_order': False, 'shape': (), }" + new string(' ', 62) + "\n", text);
        Assert.Equal(128 + 8 * 4, scalar.Length);
        byte[] vector = NpyWriter.ToBytes(NpyArray.Vector(new[] { true, false, true }));
        Assert.Equal("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }" + new string(' ', 60) + "\n",
            Encoding.ASCII.GetString(vector, 10, 118));
        Assert.Equal([1, 0, 1], vector[128..]);
    }

    [Fact]
    public void ReadsVersionsTwoAndThree()
    {
        byte[] data = BitConverter.GetBytes(7L);
        var two = NpyReader.Parse(Npy(Dict("<i8", "(1,)"), data, major: 2), Path);
        Assert.Equal([7L], two.Get<long>());
        var three = NpyReader.Parse(Npy(Dict("<i8", "(1,)"), data, major: 3), Path);
        Assert.Equal([7L], three.Get<long>());
    }

    [Fact]
    public void ConvertsFortranOrderToCOrder()
    {
        // Column-major storage of [[0, 1, 2], [3, 4, 5]]: columns (0, 3), (1, 4), (2, 5).
        int[] columnMajor = [0, 3, 1, 4, 2, 5];
        byte[] data = columnMajor.SelectMany(BitConverter.GetBytes).ToArray();
        var array = NpyReader.Parse(Npy(Dict("<i4", "(2, 3)", fortran: true), data), Path);
        Assert.Equal([0, 1, 2, 3, 4, 5], array.Get<int>());
    }

    [Fact]
    public void ConvertsThreeDimensionalFortranOrder()
    {
        var expected = Enumerable.Range(0, 24).ToArray();
        var columnMajor = new int[24];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    columnMajor[i + 2 * j + 6 * k] = expected[i * 12 + j * 4 + k];
        byte[] data = columnMajor.SelectMany(BitConverter.GetBytes).ToArray();
        var array = NpyReader.Parse(Npy(Dict("<i4", "(2, 3, 4)", fortran: true), data), Path);
        Assert.Equal(expected, array.Get<int>());
    }

    [Fact]
    public void ConvertsBigEndianData()
    {
        byte[] f4 = [0x3F, 0x80, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00];
        Assert.Equal([1f, -2f], NpyReader.Parse(Npy(Dict(">f4", "(2,)"), f4), Path).Get<float>());
        byte[] i8 = [0, 0, 0, 0, 0, 0, 1, 2];
        Assert.Equal([258L], NpyReader.Parse(Npy(Dict(">i8", "(1,)"), i8), Path).Get<long>());
        byte[] f8 = BitConverter.GetBytes(0.1).Reverse().ToArray();
        Assert.Equal([0.1], NpyReader.Parse(Npy(Dict(">f8", "()"), f8), Path).Get<double>());
        byte[] u2 = [0, 0, 0, (byte)'h', 0, 0, 0, (byte)'i'];
        Assert.Equal(["hi"], NpyReader.Parse(Npy(Dict(">U2", "()"), u2), Path).Get<string>());
    }

    [Fact]
    public void AcceptsPythonTwoHeadersAndOneByteOrderVariants()
    {
        string dict = "{\"descr\": \"<i1\", \"fortran_order\": False, \"shape\": (2L, 1L)}";
        var array = NpyReader.Parse(Npy(dict, [0xFF, 0x05]), Path);
        Assert.Equal([2, 1], array.Shape);
        Assert.Equal([(sbyte)-1, (sbyte)5], array.Get<sbyte>());
    }

    [Fact]
    public void StripsTrailingNulsOfShortStrings()
    {
        byte[] data = new byte[2 * 3 * 4];
        Encoding.UTF32.GetBytes("ab").CopyTo(data, 0);
        Encoding.UTF32.GetBytes("\U0001F600").CopyTo(data, 12);
        var array = NpyReader.Parse(Npy(Dict("<U3", "(2,)"), data), Path);
        Assert.Equal(["ab", "\U0001F600"], array.Get<string>());
    }

    public static TheoryData<string, byte[], string> Refused()
    {
        var f4 = new byte[8];
        return new TheoryData<string, byte[], string>
        {
            { "object dtype", Npy(Dict("|O", "(2,)"), new byte[16]), "never unpickles" },
            { "pickle instead of npy", [0x80, 0x04, 0x95, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x8C], "pickle" },
            { "empty", [], "truncated" },
            { "header cut", NumpyFloatMatrix()[..60], "truncated" },
            { "data cut", NumpyFloatMatrix()[..^1], "truncated" },
            { "lying shape (too small)", Npy(Dict("<f4", "(1,)"), f4), "bytes follow the data" },
            { "lying shape (too large)", Npy(Dict("<f4", "(3,)"), f4), "truncated" },
            { "huge declared shape", Npy(Dict("<f8", "(1000000000000,)"), f4), "dimension larger" },
            { "declared size over the cap", Npy(Dict("<f8", "(100000, 100000)"), f4), "bytes allowed" },
            { "overflowing shape", Npy(Dict("<f8", "(2000000000, 2000000000, 2000000000)"), f4), "too many elements" },
            { "wrong magic", [.. Encoding.ASCII.GetBytes("PK\u0003\u0004"), .. new byte[20]], "magic" },
            { "future version", Npy(Dict("<f4", "(2,)"), f4, major: 4), "version 4.0" },
            { "half precision", Npy(Dict("<f2", "(4,)"), f4), "not supported" },
            { "byte strings", Npy(Dict("|S4", "(2,)"), f4), "not supported" },
            {
                "structured dtype",
                Npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", f4),
                "structured"
            },
            { "missing key", Npy("{'descr': '<f4', 'shape': (2,), }", f4), "lacks" },
            { "unknown key", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", f4), "unexpected" },
            { "negative dimension", Npy(Dict("<f4", "(-2,)"), f4), "non-negative" },
            { "shape not a tuple", Npy(Dict("<f4", "(2)"), f4), "not a tuple" },
            { "expression in header", Npy(Dict("<f4", "(__import__('os'),)"), f4), "non-negative" },
            { "bool byte 2", Npy(Dict("|b1", "(2,)"), [1, 2]), "not 0 or 1" },
            { "surrogate code point", Npy(Dict("<U1", "()"), [0x00, 0xD8, 0, 0]), "not a Unicode code point" },
            { "header over the cap", HugeHeader(), "more than the" },
            { "multi-byte dtype without byte order", Npy(Dict("|f4", "(2,)"), f4), "no byte order" },
        };
    }

    private static byte[] HugeHeader()
    {
        var bytes = Npy(Dict("<f4", "(2,)"), new byte[8], major: 2);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 100_000_000);
        return bytes;
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void RefusesDamagedAndHostileFilesClearly(string damage, byte[] bytes, string expected)
    {
        var e = Assert.Throws<InvalidDataFileException>(() => NpyReader.Parse(bytes, Path, "weights.npy"));
        output.WriteLine($"{damage}: {e.Message}");
        Assert.Contains(expected, e.Message);
        Assert.StartsWith(Path + ": entry 'weights.npy': ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.NotEmpty(damage);
    }
}
