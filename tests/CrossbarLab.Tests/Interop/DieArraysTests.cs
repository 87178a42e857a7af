using System.Globalization;
using CrossbarLab.Devices;
using CrossbarLab.Hardware;
using CrossbarLab.Interop;
using Xunit.Abstractions;

namespace CrossbarLab.Tests.Interop;

/// <summary>Dies as NumPy arrays: exported and read back exactly; measured maps classified exactly as from CSV.</summary>
public sealed class DieArraysTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-die-arrays").FullName;
    private static readonly DeviceModel Device = DeviceModel.SttMram;

    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    /// <summary>A small die with every defect kind and both kinds of failed lines (4 tiles of 5 × 6).</summary>
    private static Die Sample()
    {
        var g = new ArrayGeometry(4, 5, 6, 8);
        var stats = DefectStatistics.Reference;
        var fab = new Fab(stats with { ShortRate = 0.05, OpenRate = 0.05, StuckParallelRate = 0.04,
            StuckAntiparallelRate = 0.04, CleanDieFraction = 0 }, Device, g);
        var die = fab.MakeDie(0, 3);
        var map = new DefectMap(g, die.Defects.PointDefects.ToArray(), [6], [13]);
        return new Die(die.Name, die.Provenance, g, Device, map, die.LowOhms, die.HighOhms);
    }

    [Fact]
    public void ExportedDieReadsBackExactly()
    {
        var die = Sample();
        DieArrays.ToNpz(die).Save(P("die.npz"));
        var back = DieArrays.Read(P("die.npz"), DeviceModel.Preset("rram"), null, 0);
        Assert.True(die.Defects.SameAs(back.Defects));
        Assert.Equal((die.Name, die.Provenance, die.Geometry, die.Device), (back.Name, back.Provenance, back.Geometry,
            back.Device));
        Assert.Equal(die.LowOhms, back.LowOhms);
        Assert.Equal(die.HighOhms, back.HighOhms);
        var npz = NpzArchive.Read(P("die.npz"));
        Assert.Equal([4, 5, 6], npz["defects"].Shape);
        Assert.Equal(["healthy", "short", "open", "stuck-parallel", "stuck-antiparallel"],
            npz["defect_codes"].Get<string>());
        Assert.Equal((sbyte)DefectKind.Open, npz["behaves_as"].Get<sbyte>()[(1 * 5 + 1) * 6 + 0]); // row line 6
    }

    [Fact]
    public void MeasuredMapsAreClassifiedAsTheCsvImportClassifiesThem()
    {
        var die = Sample();
        var g = die.Geometry;
        ResistanceMap.Export(die, P("map.csv"));
        var (low, high) = Readings(P("map.csv"), g);
        var fromCsv = ResistanceMap.Import(P("map.csv"), g, Device);

        new NpzArchive().Add("low_state_ohms", Tiled(g, low)).Add("high_state_ohms", Tiled(g, high)).Save(P("map.npz"));
        var fromNpz = DieArrays.Read(P("map.npz"), Device, null, g.AdcBits);
        Assert.True(fromCsv.Defects.SameAs(fromNpz.Defects));
        Assert.Equal(fromCsv.LowOhms, fromNpz.LowOhms);
        Assert.Equal(fromCsv.HighOhms, fromNpz.HighOhms);
        Assert.Equal(g, fromNpz.Geometry);

        // One read per device: CSV 'row,column,resistance_ohms', one .npy, and one array per tile.
        File.WriteAllLines(P("one.csv"), ["row,column,resistance_ohms",
            .. Enumerable.Range(0, g.DeviceCount).Select(d => $"{g.Position(d).Row},{g.Position(d).Column}," +
                low[d].ToString("R", CultureInfo.InvariantCulture))]);
        var oneCsv = ResistanceMap.Import(P("one.csv"), g, Device);
        NpyWriter.Save(P("one.npy"), Tiled(g, low));
        var oneNpy = DieArrays.Read(P("one.npy"), Device, null, g.AdcBits);
        var tiles = new NpzArchive();
        var stacked = Tiled(g, low).Get<double>();
        for (int t = 0; t < g.Tiles; t++)
            tiles.Add($"arr_{t}", new NpyArray(stacked[(t * 30)..((t + 1) * 30)], 5, 6));
        tiles.Save(P("tiles.npz"));
        var perTile = DieArrays.Read(P("tiles.npz"), Device, null, g.AdcBits);
        Assert.True(oneCsv.Defects.SameAs(oneNpy.Defects));
        Assert.True(oneCsv.Defects.SameAs(perTile.Defects));
        Assert.Equal(oneCsv.HighOhms, perTile.HighOhms);
        output.WriteLine($"write-verify: {fromNpz}; one read: {oneNpy}");
    }

    public static TheoryData<string, string> Refused() => new()
    {
        { "nan", "element [0, 1, 2] is NaN" },
        { "negative", "is -5" },
        { "flat", "a map is [tiles, rows, columns]" },
        { "odd", "no array CrossbarLab can hold" },
        { "text", "resistances in ohms were expected" },
        { "other", "is not a map CrossbarLab reads" },
        { "mismatch", "but the array given is" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void RefusesMapsItCannotRead(string damage, string expected)
    {
        var values = Enumerable.Repeat(3000.0, 2 * 5 * 6).ToArray();
        string path = P(damage + ".npy");
        ArrayGeometry? given = null;
        switch (damage)
        {
            case "nan": values[8] = double.NaN; break;
            case "negative": values[3] = -5; break;
            case "mismatch": given = new ArrayGeometry(4, 5, 6, 0); break;
        }
        NpyArray array = damage switch
        {
            "flat" => new NpyArray(values, 10, 6),
            "odd" => new NpyArray(values[..30], 1, 5, 6),
            "text" => new NpyArray(new[] { "3000", "3000" }, 2, 1, 1),
            _ => new NpyArray(values, 2, 5, 6),
        };
        if (damage == "other")
        {
            path = P("other.npz");
            new NpzArchive().Add("a", NpyArray.Vector(values)).Add("b", new NpyArray(values, 2, 30)).Save(path);
        }
        else
        {
            NpyWriter.Save(path, array);
        }
        var e = Assert.Throws<InvalidDataFileException>(() => DieArrays.Read(path, Device, null, 0, given));
        output.WriteLine($"{damage}: {e.Message}");
        Assert.Contains(expected, e.Message);
    }

    /// <summary>The two readings per device of a write–verify CSV, in device order.</summary>
    private static (double[] Low, double[] High) Readings(string csv, ArrayGeometry g)
    {
        var low = new double[g.DeviceCount];
        var high = new double[g.DeviceCount];
        foreach (string line in File.ReadLines(csv).Skip(1))
        {
            var f = line.Split(',');
            int d = g.Device(int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture));
            low[d] = double.Parse(f[2], CultureInfo.InvariantCulture);
            high[d] = double.Parse(f[3], CultureInfo.InvariantCulture);
        }
        return (low, high);
    }

    private static NpyArray Tiled(ArrayGeometry g, double[] values)
    {
        var tiled = new double[values.Length];
        for (int t = 0; t < g.Tiles; t++)
            for (int r = 0; r < g.TileRows; r++)
                for (int c = 0; c < g.TileColumns; c++)
                    tiled[(t * g.TileRows + r) * g.TileColumns + c] = values[g.Device(r, t * g.TileColumns + c)];
        return new NpyArray(tiled, g.Tiles, g.TileRows, g.TileColumns);
    }
}
