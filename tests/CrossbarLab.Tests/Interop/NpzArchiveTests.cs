using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CrossbarLab.Interop;
using Xunit.Abstractions;

namespace CrossbarLab.Tests.Interop;

public class NpzArchiveTests(ITestOutputHelper output)
{
    private const string Path = "weights.npz";

    private static NpzArchive Sample() => new NpzArchive()
        .Add("layer0", new NpyArray(new[] { 1f, -1f, 1f, 1f, -1f, -1f }, 3, 2))
        .Add("layer1/offsets", NpyArray.Vector(new[] { 0.25f, -0.5f }))
        .Add("die_map", new NpyArray(new byte[] { 0, 1, 2, 0 }, 2, 2))
        .Add("metadata", NpyArray.Text("{\"format\": \"crossbarlab.model\", \"version\": 1}"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RoundTripsInOrder(bool compress)
    {
        var read = NpzArchive.Parse(Sample().ToBytes(compress), Path);
        Assert.Equal(["layer0", "layer1/offsets", "die_map", "metadata"], read.Names);
        Assert.Equal([3, 2], read["layer0"].Shape);
        Assert.Equal([1f, -1f, 1f, 1f, -1f, -1f], read["layer0"].Get<float>());
        Assert.Equal([0.25f, -0.5f], read.Require("layer1/offsets").Get<float>());
        Assert.Equal([(byte)0, 1, 2, 0], read["die_map"].Get<byte>());
        Assert.Equal("{\"format\": \"crossbarlab.model\", \"version\": 1}", read["metadata"].Get<string>()[0]);
        Assert.Empty(read["metadata"].Shape);
        Assert.Equal(Path, read.SourcePath);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WritesDeterministicBytes(bool compress)
    {
        byte[] first = Sample().ToBytes(compress);
        Thread.Sleep(2100); // past the two-second resolution of zip timestamps
        byte[] second = Sample().ToBytes(compress);
        Assert.Equal(first, second);
        Assert.Equal("PK\u0003\u0004", Encoding.ASCII.GetString(first, 0, 4));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(first.AsSpan(10))); // DOS time 00:00:00
        Assert.Equal(0x21, BinaryPrimitives.ReadUInt16LittleEndian(first.AsSpan(12))); // DOS date 1980-01-01
        Assert.Equal(compress ? 8 : 0, BinaryPrimitives.ReadUInt16LittleEndian(first.AsSpan(8))); // stored or deflated
        Assert.Equal("layer0.npy", Encoding.ASCII.GetString(first, 30, 10));
    }

    [Fact]
    public void StoredEntriesHoldTheNpyBytes()
    {
        var archive = new NpzArchive().Add("m", new NpyArray(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, 2, 3));
        byte[] bytes = archive.ToBytes();
        byte[] npy = NpyReaderTests.NumpyFloatMatrix();
        Assert.True(bytes.AsSpan().IndexOf(npy) > 0);
    }

    [Fact]
    public void SavesAndReadsFilesAndNamesMissingArrays()
    {
        string dir = Directory.CreateTempSubdirectory("crossbar-npz").FullName;
        try
        {
            string path = System.IO.Path.Combine(dir, "model.npz");
            Sample().Save(path, compress: true);
            var read = NpzArchive.Read(path);
            Assert.Equal(4, read.Count);
            var e = Assert.Throws<InvalidDataFileException>(() => read.Require("layer2"));
            string expected = $"{path}: has no array 'layer2' (it holds: layer0, layer1/offsets, die_map, metadata).";
            Assert.Equal(expected, e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void RefusesBadNamesWhenBuilding()
    {
        var archive = new NpzArchive().Add("a", NpyArray.Vector(new[] { 1 }));
        Assert.Throws<ArgumentException>(() => archive.Add("a", NpyArray.Vector(new[] { 2 })));
        Assert.Throws<ArgumentException>(() => archive.Add("", NpyArray.Vector(new[] { 2 })));
        Assert.Throws<ArgumentException>(() => archive.Add("/abs", NpyArray.Vector(new[] { 2 })));
    }

    [Fact]
    public void DetectsNaNWeights()
    {
        var archive = NpzArchive.Parse(new NpzArchive()
            .Add("w", new NpyArray(new[] { 1f, 2f, 3f, float.NaN }, 2, 2)).ToBytes(), Path);
        var e = Assert.Throws<InvalidDataFileException>(
            () => FiniteValues.Require(archive["w"], Path, "entry 'w.npy'"));
        Assert.Equal($"{Path}: entry 'w.npy': element [1, 1] is NaN; every value must be a finite number.", e.Message);
        var inf = new NpyArray(new[] { 0.0, double.NegativeInfinity }, 2);
        var infinite = Assert.Throws<InvalidDataFileException>(() => FiniteValues.Require(inf, Path, "x"));
        Assert.Contains("−infinity", infinite.Message);
        FiniteValues.Require(NpyArray.Vector(new[] { 1f, -0f }), Path, "fine");
        Assert.Equal(-1, FiniteValues.IndexOfNonFinite(new[] { 1.0, 2.0 }));
        Assert.Equal(1, FiniteValues.IndexOfNonFinite(new[] { 1f, float.PositiveInfinity }));
    }

    /// <summary>Zip bytes with the given (name, content) entries, written by .NET's own ZipArchive.</summary>
    internal static byte[] Zip(bool compress, params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name, compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using var stream = entry.Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Sets the declared uncompressed size of entry <paramref name="index"/> in its local and central headers.
    /// </summary>
    internal static byte[] DeclareSize(byte[] zip, int index, uint size)
    {
        var bytes = (byte[])zip.Clone();
        int local = -1;
        int central = -1;
        for (int k = 0; k <= index; k++)
        {
            local = bytes.AsSpan(local + 1).IndexOf("PK\u0003\u0004"u8) + local + 1;
            central = bytes.AsSpan(central + 1).IndexOf("PK\u0001\u0002"u8) + central + 1;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(local + 22), size);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(central + 24), size);
        return bytes;
    }

    private static byte[] SmallNpy() => NpyWriter.ToBytes(NpyArray.Vector(new[] { 1f, 2f }));

    private static byte[] Bomb()
    {
        // A megabyte of zeros deflates to about a kilobyte; the headers claim the entry inflates to 200 bytes.
        byte[] big = NpyWriter.ToBytes(NpyArray.Vector(new float[256 * 1024]));
        return DeclareSize(Zip(true, ("bomb.npy", big)), 0, 200);
    }

    private static byte[] Flipped()
    {
        byte[] zip = Zip(false, ("a.npy", SmallNpy()));
        zip[30 + "a.npy".Length + SmallNpy().Length - 1] ^= 0x40; // last data byte of the stored entry
        return zip;
    }

    private static byte[] ObjectArrayEntry() =>
        Zip(false, ("obj.npy", NpyReaderTests.Npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", [0, 0])));

    private static byte[] LyingShapeEntry() =>
        Zip(false, ("a.npy", NpyReaderTests.Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (9,), }", [0, 0])));

    private static byte[] HugeTotal()
    {
        byte[] two = Zip(true, ("a.npy", SmallNpy()), ("b.npy", SmallNpy()));
        return DeclareSize(DeclareSize(two, 0, 0x30000000), 1, 0x30000000);
    }

    private static byte[] TooManyEntries()
    {
        var entries = Enumerable.Range(0, InteropLimits.MaxEntries + 1).Select(i => ($"a{i}.npy", SmallNpy()));
        return Zip(false, entries.ToArray());
    }

    public static TheoryData<string, byte[], string> Refused() => new()
    {
        { "not a zip", Encoding.ASCII.GetBytes("this is not an archive at all, just text"), "not a valid .npz" },
        { "truncated zip", Sample().ToBytes()[..200], "not a valid .npz" },
        { "entry that is not .npy", Zip(false, ("readme.txt", [1, 2, 3])), "entry 'readme.txt' is not an .npy array" },
        { "pickled entry", Zip(false, ("obj.npy", [0x80, 0x04, 0x95, 0, 0, 0])), "never unpickles" },
        { "object array entry", ObjectArrayEntry(), "never unpickles" },
        { "repeated entry", Zip(false, ("a.npy", SmallNpy()), ("a.npy", SmallNpy())), "appears twice" },
        {
            "huge declared size",
            DeclareSize(Zip(true, ("a.npy", SmallNpy())), 0, 0xF0000000),
            "declares 4,026,531,840 uncompressed bytes"
        },
        { "huge declared total", HugeTotal(), "in total" },
        { "zip bomb lying about its size", Bomb(), "entry 'bomb.npy'" },
        { "declared size larger than the data", DeclareSize(Zip(false, ("a.npy", SmallNpy())), 0, 5000), "'a.npy'" },
        { "damaged stored data", Flipped(), "CRC-32" },
        { "lying shape inside", LyingShapeEntry(), "entry 'a.npy': truncated" },
        { "too many entries", TooManyEntries(), "entries, more than" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void RefusesDamagedAndHostileArchivesClearly(string damage, byte[] bytes, string expected)
    {
        var e = Assert.Throws<InvalidDataFileException>(() => NpzArchive.Parse(bytes, Path));
        output.WriteLine($"{damage}: {e.Message}");
        Assert.Contains(expected, e.Message);
        Assert.StartsWith(Path + ": ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.NotEmpty(damage);
    }

    [Fact]
    public void StopsAZipBombAtItsDeclaredSize()
    {
        // .NET's inflater stops at the declared size and the reader asks for at most one byte more, so the entry is
        // refused (by the extra byte or by the CRC-32 of the truncated data) after inflating about 200 bytes, not 1 MB.
        var e = Assert.Throws<InvalidDataFileException>(() => NpzArchive.Parse(Bomb(), Path));
        bool stopped = e.Message.Contains("inflates to more than its declared 200 bytes")
            || e.Message.Contains("CRC-32");
        Assert.True(stopped, e.Message);
    }
}
