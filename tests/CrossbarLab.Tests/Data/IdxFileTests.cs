using System.Buffers.Binary;
using System.IO.Compression;
using CrossbarLab.Data;

namespace CrossbarLab.Tests.Data;

public class IdxFileTests
{
    /// <summary>A valid 2×3×2 unsigned-byte IDX file.</summary>
    private static byte[] Valid()
    {
        var bytes = new byte[4 + 12 + 12];
        bytes[2] = 0x08; bytes[3] = 3;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 2);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 3);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), 2);
        for (int i = 0; i < 12; i++) bytes[16 + i] = (byte)(i * 10);
        return bytes;
    }

    private static IdxFile Parse(byte[] bytes) => IdxFile.Parse("test.idx", new MemoryStream(bytes));

    [Fact]
    public void ReadsDimensionsAndData()
    {
        var idx = Parse(Valid());
        Assert.Equal([2, 3, 2], idx.Dimensions);
        Assert.Equal(12, idx.Data.Length);
        Assert.Equal(110, idx.Data[11]);
    }

    [Fact]
    public void ReadsGzipFiles()
    {
        string path = Path.Combine(Path.GetTempPath(), $"crossbar-idx-{Guid.NewGuid():N}.gz");
        try
        {
            using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest)) gz.Write(Valid());
            var idx = IdxFile.Read(path);
            Assert.Equal([2, 3, 2], idx.Dimensions);
            Assert.Equal(50, idx.Data[5]);
        }
        finally { File.Delete(path); }
    }

    public static TheoryData<string, byte[], string> Damaged()
    {
        var data = new TheoryData<string, byte[], string>();
        var v = Valid();
        data.Add("empty", [], "truncated");
        data.Add("header cut", v[..3], "truncated");
        data.Add("dimension sizes cut", v[..10], "truncated");
        data.Add("data cut", v[..^1], "truncated");
        data.Add("trailing bytes", [.. v, 7], "longer");
        var magic = (byte[])v.Clone(); magic[0] = 0x1F; magic[1] = 0x8B; // a gzip header where IDX was expected
        data.Add("wrong magic", magic, "magic");
        var type = (byte[])v.Clone(); type[2] = 0x0D;
        data.Add("float element type", type, "element type");
        var rank0 = (byte[])v.Clone(); rank0[3] = 0;
        data.Add("zero dimensions", rank0, "dimensions");
        var rank9 = (byte[])v.Clone(); rank9[3] = 9;
        data.Add("nine dimensions", rank9, "dimensions");
        var zero = (byte[])v.Clone(); BinaryPrimitives.WriteInt32BigEndian(zero.AsSpan(8), 0);
        data.Add("zero size", zero, "impossible size");
        var huge = (byte[])v.Clone(); BinaryPrimitives.WriteUInt32BigEndian(huge.AsSpan(4), 0xFFFFFFF0);
        data.Add("negative size", huge, "impossible size");
        var big = (byte[])v.Clone(); BinaryPrimitives.WriteInt32BigEndian(big.AsSpan(4), 1 << 20); BinaryPrimitives.WriteInt32BigEndian(big.AsSpan(8), 1 << 20);
        data.Add("huge declared size", big, "exceeds");
        return data;
    }

    [Theory]
    [MemberData(nameof(Damaged))]
    public void RejectsDamagedFilesWithAClearMessage(string damage, byte[] bytes, string expected)
    {
        var e = Assert.Throws<InvalidDataFileException>(() => Parse(bytes));
        Assert.Contains("test.idx", e.Message);
        Assert.Contains(expected, e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrEmpty(damage));
    }

    [Fact]
    public void MissingFileAndBrokenGzipGiveClearErrors()
    {
        var missing = Assert.Throws<InvalidDataFileException>(() => IdxFile.Read("/nonexistent/file-idx3-ubyte"));
        Assert.Contains("not found", missing.Message);
        string path = Path.Combine(Path.GetTempPath(), $"crossbar-idx-{Guid.NewGuid():N}.gz");
        try
        {
            File.WriteAllBytes(path, Valid()); // not gzip at all
            var e = Assert.Throws<InvalidDataFileException>(() => IdxFile.Read(path));
            Assert.Contains("gzip", e.Message);
        }
        finally { File.Delete(path); }
    }
}
