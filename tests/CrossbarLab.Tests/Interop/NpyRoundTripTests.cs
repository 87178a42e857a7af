using CrossbarLab.Interop;

namespace CrossbarLab.Tests.Interop;

public class NpyRoundTripTests
{
    public static TheoryData<string, int[]> DtypesAndShapes()
    {
        var data = new TheoryData<string, int[]>();
        int[][] shapes = [[], [0], [5], [2, 3], [2, 0, 3], [1, 2, 3, 2], [3, 1]];
        foreach (var dtype in Enum.GetNames<NpyDtype>())
        {
            foreach (var shape in shapes)
                data.Add(dtype, shape);
        }
        return data;
    }

    /// <summary>Data of the given type, including edge values (NaN, −0, extremes, non-ASCII text).</summary>
    internal static Array Sample(NpyDtype dtype, int count)
    {
        var idx = Enumerable.Range(0, count).ToArray();
        return dtype switch
        {
            NpyDtype.Float32 => idx
                .Select(i => i switch { 0 => float.NaN, 1 => -0f, 2 => float.MaxValue, _ => i * 0.1f })
                .ToArray(),
            NpyDtype.Float64 => idx
                .Select(i => i switch { 0 => double.NegativeInfinity, 1 => double.Epsilon, _ => i / 3.0 })
                .ToArray(),
            NpyDtype.Int8 => idx.Select(i => (sbyte)(i % 2 == 0 ? -128 + i : 127 - i)).ToArray(),
            NpyDtype.UInt8 => idx.Select(i => (byte)(255 - i)).ToArray(),
            NpyDtype.Int32 => idx.Select(i => i == 0 ? int.MinValue : i * 1_000_003).ToArray(),
            NpyDtype.Int64 => idx.Select(i => i == 0 ? long.MaxValue : -i * 10_000_000_000L).ToArray(),
            NpyDtype.Bool => idx.Select(i => i % 3 == 0).ToArray(),
            NpyDtype.Unicode => idx
                .Select(i => i switch { 0 => "", 1 => "±1 µm", 2 => "\U0001F600", _ => new string('x', i) })
                .ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
        };
    }

    [Theory]
    [MemberData(nameof(DtypesAndShapes))]
    public void EveryDtypeAndShapeRoundTrips(string dtypeName, int[] shape)
    {
        var dtype = Enum.Parse<NpyDtype>(dtypeName);
        int count = shape.Aggregate(1, (a, b) => a * b);
        var original = new NpyArray(Sample(dtype, count), shape);
        byte[] bytes = NpyWriter.ToBytes(original);
        Assert.Equal(0, (bytes.Length - original.Count * ItemSize(original)) % 64);
        var read = NpyReader.Parse(bytes, "round-trip.npy");
        Assert.Equal(dtype, read.Dtype);
        Assert.Equal(shape, read.Shape);
        Assert.Equal(original.Descr, read.Descr);
        Assert.Equal(NpyWriter.ToBytes(original), NpyWriter.ToBytes(read));
        if (dtype != NpyDtype.Float32 && dtype != NpyDtype.Float64)
            Assert.Equal(original.Data, read.Data);
    }

    private static int ItemSize(NpyArray array) => array.Dtype switch
    {
        NpyDtype.Float32 or NpyDtype.Int32 => 4,
        NpyDtype.Float64 or NpyDtype.Int64 => 8,
        NpyDtype.Unicode => 4 * array.CodePoints,
        _ => 1,
    };

    [Fact]
    public void FloatsRoundTripBitForBit()
    {
        float[] values = [float.NaN, -0f, float.Epsilon, float.NegativeInfinity, 1f / 3];
        var read = NpyReader.Parse(NpyWriter.ToBytes(NpyArray.Vector(values)), "f.npy").Get<float>();
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), read.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void SavesAndReadsFiles()
    {
        string dir = Directory.CreateTempSubdirectory("crossbar-npy").FullName;
        try
        {
            string path = System.IO.Path.Combine(dir, "weights.npy");
            NpyWriter.Save(path, new NpyArray(new[] { 1.5, -2.5 }, 2, 1));
            var read = NpyReader.Read(path);
            Assert.Equal([2, 1], read.Shape);
            Assert.Equal([1.5, -2.5], read.Get<double>());
            Assert.Equal([1.5, -2.5], read.ToDoubles());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void RefusesInconsistentArraysWhenBuilding()
    {
        Assert.Throws<ArgumentException>(() => new NpyArray(new float[5], 2, 3));
        Assert.Throws<ArgumentException>(() => new NpyArray(new float[0], -1));
        Assert.Throws<ArgumentException>(() => new NpyArray(new decimal[1]));
        Assert.Throws<ArgumentException>(() => NpyArray.Text("a\0b"));
        Assert.Throws<ArgumentException>(() => NpyArray.Text("\ud800"));
        Assert.Throws<InvalidOperationException>(() => NpyArray.Vector(new[] { 1 }).Get<float>());
    }
}
