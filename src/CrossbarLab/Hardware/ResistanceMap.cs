using System.Globalization;
using System.Text;
using CrossbarLab.Devices;
using CrossbarLab.IO;

namespace CrossbarLab.Hardware;

/// <summary>How measured device resistances (ohms, access transistor de-embedded) are sorted into states and defects.</summary>
/// <param name="ShortBelowOhms">A reading below this is a shorted device.</param>
/// <param name="StateBoundaryOhms">Readings between ShortBelow and this are the low-resistance state; from this up to OpenAbove, the high state.</param>
/// <param name="OpenAboveOhms">A reading at or above this is an open device.</param>
public sealed record ClassificationThresholds(double ShortBelowOhms, double StateBoundaryOhms, double OpenAboveOhms)
{
    /// <summary>
    /// Defaults from the device model: shorts below the geometric mean of the short and low-state resistances, the state
    /// boundary at the geometric mean of the two states (log-normal spreads are symmetric in log space), opens from 100× the
    /// high-state resistance.
    /// </summary>
    public static ClassificationThresholds For(DeviceModel device) => new(
        Math.Sqrt(Math.Max(device.ShortResistanceOhms, 1) * device.LowResistanceOhms),
        Math.Sqrt(device.LowResistanceOhms * device.HighResistanceOhms),
        100 * device.HighResistanceOhms);

    /// <summary>Throws <see cref="InvalidConfigurationException"/> unless 0 &lt; short &lt; boundary &lt; open.</summary>
    public void Validate()
    {
        if (!(ShortBelowOhms > 0 && ShortBelowOhms < StateBoundaryOhms && StateBoundaryOhms < OpenAboveOhms && double.IsFinite(OpenAboveOhms)))
            throw new InvalidConfigurationException($"classification thresholds must satisfy 0 < short ({ShortBelowOhms} Ω) < state boundary ({StateBoundaryOhms} Ω) < open ({OpenAboveOhms} Ω).");
    }
}

/// <summary>
/// Resistance maps in CSV, the form in which device researchers measure dies. Coordinates are die-grid (row, column), with
/// tile t occupying columns t·TileColumns … (t+1)·TileColumns − 1. Three layouts are read:
/// <list type="bullet">
/// <item><c>row,column,low_state_ohms,high_state_ohms</c>: each device read after programming it low and after programming it
/// high (write–verify), which separates shorts, opens, stuck-parallel and stuck-antiparallel devices;</item>
/// <item><c>row,column,resistance_ohms</c>: one read per device in an unknown state, which finds shorts and opens only;</item>
/// <item>a matrix without header: TileRows lines of DieColumns readings (one read per device).</item>
/// </list>
/// An open device reads as <see cref="OpenReadingOhms"/> (or <c>inf</c>). Every device must appear exactly once.
/// </summary>
public static class ResistanceMap
{
    /// <summary>What an open device reads as in exported maps: 1 GΩ, a typical instrument limit.</summary>
    public const double OpenReadingOhms = 1e9;

    /// <summary>Bytes per device allowed in a map ("24,799,3021.5537,7488.2715", a write–verify line, takes 26).</summary>
    public const int MaxBytesPerDevice = 128;

    /// <summary>The largest map read, whatever the array: 256 MiB (2 million devices at the allowance per device).</summary>
    public const long MaxMapBytes = 256L << 20;

    /// <summary>
    /// The largest map read for <paramref name="geometry"/>: <see cref="MaxBytesPerDevice"/> per device plus 1 MiB for a
    /// header and blank lines, at most <see cref="MaxMapBytes"/>. A larger file cannot be a map of this array, so it is
    /// refused before it is read.
    /// </summary>
    public static long MaxFileBytes(ArrayGeometry geometry) =>
        Math.Min(MaxMapBytes, (long)MaxBytesPerDevice * geometry.DeviceCount + (1 << 20));

    /// <summary>Writes the write–verify map (both states) that a measurement of <paramref name="die"/> would give.</summary>
    public static void Export(Die die, string path)
    {
        var g = die.Geometry;
        var sb = new StringBuilder("row,column,low_state_ohms,high_state_ohms\n");
        for (int r = 0; r < g.TileRows; r++)
            for (int c = 0; c < g.DieColumns; c++)
            {
                int d = g.Device(r, c);
                sb.Append(r).Append(',').Append(c).Append(',').Append(Format(Reading(die, d, true))).Append(',').Append(Format(Reading(die, d, false))).Append('\n');
            }
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    private static string Format(double ohms) => ((float)ohms).ToString("R", CultureInfo.InvariantCulture);

    private static double Reading(Die die, int d, bool programmedLow) => die.Defects[d] switch
    {
        DefectKind.None => programmedLow ? die.LowOhms[d] : die.HighOhms[d],
        DefectKind.Short => die.Device.ShortResistanceOhms,
        DefectKind.Open => OpenReadingOhms,
        DefectKind.StuckParallel => die.LowOhms[d],
        _ => die.HighOhms[d],
    };

    /// <summary>Reads a resistance map and classifies every device, giving the same kind of <see cref="Die"/> as the simulator.</summary>
    public static Die Import(string path, ArrayGeometry geometry, DeviceModel device, ClassificationThresholds? thresholds = null)
    {
        geometry.Validate(); device.Validate();
        var t = thresholds ?? ClassificationThresholds.For(device);
        t.Validate();
        string text = TextFile.Read(path, MaxFileBytes(geometry), "resistance map");
        string[] lines = text.Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        if (lines.All(string.IsNullOrWhiteSpace)) throw new InvalidDataFileException(path, "the file is empty.");

        int n = geometry.DeviceCount;
        var low = new double[n]; var high = new double[n];
        Array.Fill(low, double.NaN); Array.Fill(high, double.NaN);
        string header = lines[0].Trim().ToLowerInvariant().Replace(" ", "");
        bool twoState;
        if (header == "row,column,low_state_ohms,high_state_ohms") { twoState = true; ReadRows(path, lines, geometry, low, high); }
        else if (header == "row,column,resistance_ohms") { twoState = false; ReadRows(path, lines, geometry, low, null); }
        else if (header.Length > 0 && (char.IsDigit(header[0]) || header.StartsWith("inf"))) { twoState = false; ReadMatrix(path, lines, geometry, low); }
        else throw new InvalidDataFileException(path, "line 1: unknown header; expected 'row,column,low_state_ohms,high_state_ohms', 'row,column,resistance_ohms', or a matrix of readings without a header.");

        int listed = low.Count(v => !double.IsNaN(v));
        if (listed < n)
        {
            int bad = Array.FindIndex(low, double.IsNaN);
            var (r, c) = geometry.Position(bad);
            throw new InvalidDataFileException(path, $"the map lists {listed} devices but the array ({geometry}) has {n}; the device at row {r}, column {c} is missing. " +
                "If the die has another layout, give its array (array.tiles, array.tile_rows, array.tile_columns).");
        }
        return Classify(path, geometry, device, t, low, twoState ? high : null);
    }

    /// <summary>
    /// Classifies one reading per device (<paramref name="high"/> null: state unknown, finds shorts and opens) or two
    /// (write–verify: the reading after programming low and after programming high), devices numbered
    /// row·DieColumns + column, into a die named after <paramref name="path"/>. Every map format (CSV, NumPy) ends here,
    /// so all are classified alike.
    /// </summary>
    public static Die Classify(string path, ArrayGeometry geometry, DeviceModel device, ClassificationThresholds t,
        double[] low, double[]? high)
    {
        geometry.Validate(); device.Validate(); t.Validate();
        int n = geometry.DeviceCount;
        if (low.Length != n || (high != null && high.Length != n))
            throw new ArgumentException($"A map of {geometry} needs {n} readings per state.");
        bool twoState = high != null;
        var kinds = new byte[n];
        var lowOhms = new float[n]; var highOhms = new float[n];
        for (int d = 0; d < n; d++)
        {
            var a = BandOf(low[d], t);
            var b = twoState ? BandOf(high![d], t) : a;
            DefectKind kind;
            if (twoState)
                kind = (a, b) switch
                {
                    (Band.Low, Band.High) => DefectKind.None,
                    (Band.Short, _) or (_, Band.Short) => DefectKind.Short,
                    (Band.Open, _) or (_, Band.Open) => DefectKind.Open,
                    (Band.Low, Band.Low) => DefectKind.StuckParallel,
                    (Band.High, Band.High) => DefectKind.StuckAntiparallel,
                    _ => throw new InvalidDataFileException(path, $"device at row {geometry.Position(d).Row}, column {geometry.Position(d).Column}: the low-state reading {low[d]} Ω is in the high band and the high-state reading {high![d]} Ω in the low band — are the two columns swapped?"),
                };
            else kind = a switch { Band.Short => DefectKind.Short, Band.Open => DefectKind.Open, _ => DefectKind.None };
            kinds[d] = (byte)kind;
            // Keep measured values where they describe a healthy state; fall back to nominal where they do not.
            lowOhms[d] = (float)(a == Band.Low ? low[d] : device.LowResistanceOhms);
            highOhms[d] = (float)(twoState && b == Band.High ? high![d] : !twoState && a == Band.High ? low[d] : device.HighResistanceOhms);
        }
        var (rows, columns) = FailedLines(geometry, kinds);
        foreach (int line in rows)
        {
            int tile = line / geometry.TileRows, row = line % geometry.TileRows;
            for (int c = 0; c < geometry.TileColumns; c++) kinds[geometry.Device(row, tile * geometry.TileColumns + c)] = 0;
        }
        foreach (int column in columns)
            for (int r = 0; r < geometry.TileRows; r++) kinds[geometry.Device(r, column)] = 0;
        // The die is named after the file, made safe: a die's name becomes part of file names later.
        string name = SafeName.From(Path.GetFileNameWithoutExtension(path));
        string reads = twoState ? "write-verify, both states" : "one read per device";
        return new Die(name, $"measured: {Path.GetFullPath(path)} ({reads})",
            geometry, device, new DefectMap(geometry, kinds, rows, columns), lowOhms, highOhms);
    }

    private enum Band { Short, Low, High, Open }

    private static Band BandOf(double ohms, ClassificationThresholds t) =>
        ohms < t.ShortBelowOhms ? Band.Short : ohms < t.StateBoundaryOhms ? Band.Low : ohms < t.OpenAboveOhms ? Band.High : Band.Open;

    /// <summary>Lines whose every device is open are recorded as failed lines (a broken wire), not as point defects.</summary>
    private static (List<int> Rows, List<int> Columns) FailedLines(ArrayGeometry g, byte[] kinds)
    {
        bool Open(int r, int c) => kinds[g.Device(r, c)] == (byte)DefectKind.Open;
        var rows = new List<int>();
        for (int tile = 0; tile < g.Tiles; tile++)
            for (int r = 0; r < g.TileRows; r++)
                if (g.TileColumns > 1 && Enumerable.Range(0, g.TileColumns).All(c => Open(r, tile * g.TileColumns + c))) rows.Add(tile * g.TileRows + r);
        var columns = new List<int>();
        for (int c = 0; c < g.DieColumns; c++)
            if (g.TileRows > 1 && Enumerable.Range(0, g.TileRows).All(r => Open(r, c))) columns.Add(c);
        return (rows, columns);
    }

    private static void ReadRows(string path, string[] lines, ArrayGeometry g, double[] low, double[]? high)
    {
        int fields = high == null ? 3 : 4;
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var parts = lines[i].Split(',');
            if (parts.Length != fields)
                throw new InvalidDataFileException(path, $"line {i + 1}: expected {fields} comma-separated fields, found {parts.Length}.");
            int r = Coordinate(path, i, parts[0], "row", g.TileRows), c = Coordinate(path, i, parts[1], "column", g.DieColumns);
            int d = g.Device(r, c);
            if (!double.IsNaN(low[d])) throw new InvalidDataFileException(path, $"line {i + 1}: device at row {r}, column {c} appears twice.");
            low[d] = Ohms(path, i, parts[2]);
            if (high != null) high[d] = Ohms(path, i, parts[3]);
        }
    }

    private static void ReadMatrix(string path, string[] lines, ArrayGeometry g, double[] low)
    {
        var rows = lines.Select((text, index) => (text, index)).Where(l => !string.IsNullOrWhiteSpace(l.text)).ToList();
        if (rows.Count != g.TileRows)
            throw new InvalidDataFileException(path, $"a matrix map needs {g.TileRows} lines (one per row), found {rows.Count}.");
        for (int r = 0; r < rows.Count; r++)
        {
            var parts = rows[r].text.Split(',');
            if (parts.Length != g.DieColumns)
                throw new InvalidDataFileException(path, $"line {rows[r].index + 1}: expected {g.DieColumns} readings (one per column), found {parts.Length}.");
            for (int c = 0; c < parts.Length; c++) low[g.Device(r, c)] = Ohms(path, rows[r].index, parts[c]);
        }
    }

    private static int Coordinate(string path, int line, string text, string what, int count)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < 0 || v >= count)
            throw new InvalidDataFileException(path, $"line {line + 1}: {what} '{text.Trim()}' is not an integer in 0–{count - 1}.");
        return v;
    }

    private static double Ohms(string path, int line, string text)
    {
        string s = text.Trim();
        if (s.Equals("inf", StringComparison.OrdinalIgnoreCase) || s.Equals("infinity", StringComparison.OrdinalIgnoreCase)) return double.PositiveInfinity;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || double.IsNaN(v))
            throw new InvalidDataFileException(path, $"line {line + 1}: '{s}' is not a resistance in ohms.");
        if (v < 0) throw new InvalidDataFileException(path, $"line {line + 1}: resistance {s} Ω is negative.");
        return v;
    }
}
