using CrossbarLab.Devices;
using CrossbarLab.Hardware;

namespace CrossbarLab.Tests.Hardware;

public class ResistanceMapTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-map").FullName;
    private static readonly ArrayGeometry Small = new(2, 3, 4, 12); // die grid 3 × 8 = 24 devices
    private static readonly DeviceModel M = DeviceModel.SttMram;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string name, string text) { string p = Path.Combine(_dir, name); File.WriteAllText(p, text); return p; }

    [Fact]
    public void SimulateExportImportGivesTheSameDefectMap()
    {
        var stats = new DefectStatistics(0.01, 0.005, 0.003, 0.003, 0.3, 0, 0.003, 0.003);
        foreach (var die in new Fab(stats, M, ArrayGeometry.Nist20k).MakeDies(4, 21))
        {
            string path = Path.Combine(_dir, die.Name + ".csv");
            ResistanceMap.Export(die, path);
            var imported = ResistanceMap.Import(path, ArrayGeometry.Nist20k, M);
            Assert.True(die.Defects.SameAs(imported.Defects), die.Name);
            Assert.True(die.Defects.DefectiveDevices > 0);
            for (int d = 0; d < die.Geometry.DeviceCount; d++)
                if (die.Defects[d] == DefectKind.None) { Assert.Equal(die.LowOhms[d], imported.LowOhms[d]); Assert.Equal(die.HighOhms[d], imported.HighOhms[d]); }
        }
    }

    [Fact]
    public void ClassificationThresholdsAreHandChecked()
    {
        // Defaults for STT-MRAM: short below √(100·3000) ≈ 547.7 Ω, boundary √(3000·7500) ≈ 4743 Ω, open from 750 kΩ.
        var t = ClassificationThresholds.For(M);
        Assert.Equal(547.72, t.ShortBelowOhms, 2);
        Assert.Equal(4743.42, t.StateBoundaryOhms, 2);
        Assert.Equal(750_000, t.OpenAboveOhms, 6);
        var lines = new List<string> { "row,column,low_state_ohms,high_state_ohms" };
        (double, double)[] readings = [(500, 500), (600, 7000), (3000, 7000), (3000, 4000), (5000, 7000), (1e6, 1e6), (3000, 749_999), (4743, 4744)];
        for (int k = 0; k < 24; k++) { var (lo, hi) = k < readings.Length ? readings[k] : (3000, 7500); lines.Add($"{k / 8},{k % 8},{lo},{hi}"); }
        var die = ResistanceMap.Import(Write("t.csv", string.Join("\n", lines)), Small, M);
        DefectKind[] expected = [DefectKind.Short, DefectKind.None, DefectKind.None, DefectKind.StuckParallel, DefectKind.StuckAntiparallel, DefectKind.Open, DefectKind.None, DefectKind.None];
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], die.Defects[Small.Device(k / 8, k % 8)]);
    }

    [Fact]
    public void SingleReadAndMatrixFormsFindShortsAndOpens()
    {
        var rows = new List<string> { "row,column,resistance_ohms" };
        for (int k = 0; k < 24; k++) rows.Add($"{k / 8},{k % 8},{(k == 5 ? "50" : k == 9 ? "inf" : k % 2 == 0 ? "3100" : "7400")}");
        var single = ResistanceMap.Import(Write("s.csv", string.Join("\n", rows)), Small, M);
        Assert.Equal(DefectKind.Short, single.Defects[Small.Device(0, 5)]);
        Assert.Equal(DefectKind.Open, single.Defects[Small.Device(1, 1)]);
        Assert.Equal(2, single.Defects.DefectiveDevices);
        Assert.Equal(7400f, single.HighOhms[Small.Device(0, 1)]);

        var matrix = string.Join("\n", Enumerable.Range(0, 3).Select(r => string.Join(",", Enumerable.Range(0, 8).Select(c => r == 2 && c == 7 ? "10" : "3000"))));
        var m = ResistanceMap.Import(Write("m.csv", matrix), Small, M);
        Assert.Equal(DefectKind.Short, m.Defects[Small.Device(2, 7)]);
        Assert.Equal(1, m.Defects.DefectiveDevices);
    }

    public static TheoryData<string, string, string> Damaged()
    {
        string Full(Func<int, string> line) => "row,column,resistance_ohms\n" + string.Join("\n", Enumerable.Range(0, 24).Select(line));
        string ok(int k) => $"{k / 8},{k % 8},3000";
        return new TheoryData<string, string, string>
        {
            { "empty", "", "empty" },
            { "unknown header", "x,y,z\n0,0,1", "unknown header" },
            { "missing cell", Full(ok).Replace("\n2,7,3000", ""), "row 2, column 7 is missing" },
            { "duplicate cell", Full(k => k == 3 ? "0,2,3000" : ok(k)), "appears twice" },
            { "negative resistance", Full(k => k == 4 ? "0,4,-5" : ok(k)), "negative" },
            { "not a number", Full(k => k == 4 ? "0,4,abc" : ok(k)), "not a resistance" },
            { "NaN", Full(k => k == 4 ? "0,4,NaN" : ok(k)), "not a resistance" },
            { "row out of range", Full(k => k == 4 ? "9,4,3000" : ok(k)), "row '9'" },
            { "missing column", Full(k => k == 4 ? "0,3000" : ok(k)), "expected 3 comma-separated fields" },
            { "extra column", Full(k => k == 4 ? "0,4,3000,1" : ok(k)), "expected 3 comma-separated fields" },
            { "short matrix", "3000,3000\n3000,3000\n3000,3000", "expected 8 readings" },
            { "swapped states", "row,column,low_state_ohms,high_state_ohms\n" + string.Join("\n", Enumerable.Range(0, 24).Select(k => $"{k / 8},{k % 8},{(k == 0 ? "7500,3000" : "3000,7500")}")), "swapped" },
        };
    }

    [Theory]
    [MemberData(nameof(Damaged))]
    public void DamagedMapsGiveClearErrors(string damage, string text, string expected)
    {
        string path = Write($"bad-{Math.Abs(damage.GetHashCode())}.csv", text);
        var e = Assert.Throws<InvalidDataFileException>(() => ResistanceMap.Import(path, Small, M));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void ImpossibleThresholdsAreRejected() =>
        Assert.Throws<InvalidConfigurationException>(() => ResistanceMap.Import(Write("x.csv", "0"), Small, M, new ClassificationThresholds(5000, 4000, 1e6)));
}

public class ShippedExamplesTests
{
    private static string Examples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "examples", "measured-write-verify.csv"))) return Path.Combine(dir.FullName, "examples");
        throw new InvalidOperationException("examples/ not found above the test binaries");
    }

    [Fact]
    public void TheShippedMapImportsToTheShippedDie()
    {
        string ex = Examples();
        var die = DieFile.Load(Path.Combine(ex, "simulated-2-tile-die.json"));
        var imported = ResistanceMap.Import(Path.Combine(ex, "measured-write-verify.csv"), die.Geometry, die.Device);
        Assert.True(die.Defects.SameAs(imported.Defects));
        var single = ResistanceMap.Import(Path.Combine(ex, "measured-single-read.csv"), die.Geometry, die.Device);
        Assert.Equal(die.Defects.Count(DefectKind.Short), single.Defects.Count(DefectKind.Short));
        Assert.Equal(die.Defects.Count(DefectKind.Open), single.Defects.Count(DefectKind.Open));
        Assert.Equal(0, single.Defects.Count(DefectKind.StuckParallel)); // one read cannot reveal stuck devices
    }

    [Fact]
    public void TheShippedStatisticsAreTheDefaults() =>
        Assert.Equal(DefectStatistics.Reference, DefectStatistics.Load(Path.Combine(Examples(), "reference-statistics.json")));
}
