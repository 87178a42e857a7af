using System.Text.Json;
using System.Text.Json.Nodes;
using CrossbarLab.Devices;
using CrossbarLab.Hardware;
using CrossbarLab.IO;

namespace CrossbarLab.Interop;

/// <summary>
/// Dies as NumPy arrays. <see cref="ToNpz"/> writes a die exactly (<c>crossbar die export --format npz</c>): per-tile
/// arrays [tiles, rows, columns] of its point defects (int8 codes, <see cref="CodeNames"/>), of what each device
/// behaves as (failed lines make their devices open), and of its resistances in each state (float32 ohms); its failed
/// lines; and a JSON string with its name, provenance, geometry and device. <see cref="Read"/> reads such a file back,
/// or classifies a measured resistance map exactly as the CSV import does (<see cref="ResistanceMap.Classify"/>): one
/// [tiles, rows, columns] array (.npy, or an .npz entry <c>resistance_ohms</c>; or <c>low_state_ohms</c> and
/// <c>high_state_ohms</c> for write–verify readings), or one [rows, columns] array per tile in archive order.
/// </summary>
public static class DieArrays
{
    /// <summary>The value of the <c>format</c> entry of an exported die.</summary>
    public const string Format = "crossbarlab.die-arrays";

    /// <summary>The version of the layout this code writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Names of the defect codes 0 to 4, as stored in the <c>defect_codes</c> entry.</summary>
    public static IReadOnlyList<string> CodeNames { get; } =
        [.. Enum.GetValues<DefectKind>().Select(DefectKinds.Name)];

    /// <summary>The arrays of <paramref name="die"/>.</summary>
    public static NpzArchive ToNpz(Die die)
    {
        ArgumentNullException.ThrowIfNull(die);
        var g = die.Geometry;
        var description = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["name"] = die.Name,
            ["provenance"] = die.Provenance,
            ["geometry"] = JsonConventions.ToNode(g),
            ["device"] = JsonConventions.ToNode(die.Device),
        };
        var effective = Enumerable.Range(0, g.DeviceCount).Select(d => (sbyte)die.Defects[d]).ToArray();
        var points = Array.ConvertAll(die.Defects.PointDefects.ToArray(), k => (sbyte)k);
        return new NpzArchive()
            .Add("format", NpyArray.Text(Format))
            .Add("version", new NpyArray(new[] { Version }))
            .Add("die", NpyArray.Text(description.ToJsonString(JsonConventions.Compact)))
            .Add("defect_codes", NpyArray.Vector(CodeNames.ToArray()))
            .Add("defects", Tiled(g, points))
            .Add("behaves_as", Tiled(g, effective))
            .Add("low_ohms", Tiled(g, die.LowOhms))
            .Add("high_ohms", Tiled(g, die.HighOhms))
            .Add("failed_row_lines", NpyArray.Vector(die.Defects.FailedRowLines.ToArray()))
            .Add("failed_column_lines", NpyArray.Vector(die.Defects.FailedColumnLines.ToArray()));
    }

    /// <summary>
    /// A die from an exported .npz, or classified from a resistance map (.npy or .npz) whose shape gives the array.
    /// </summary>
    /// <param name="adcBits">ADC resolution of the die's columns (a map does not say it).</param>
    /// <param name="expected">The array the user named, if any: a map of another shape is refused.</param>
    public static Die Read(string path, DeviceModel device, ClassificationThresholds? thresholds, int adcBits,
        ArrayGeometry? expected = null)
    {
        var t = thresholds ?? ClassificationThresholds.For(device);
        if (Path.GetExtension(path).Equals(".npy", StringComparison.OrdinalIgnoreCase))
        {
            var readings = Stacked(path, NpyReader.Read(path), "the array");
            return Classified(path, device, t, adcBits, expected, readings, null);
        }
        var npz = NpzArchive.Read(path);
        if (npz.TryGet("defects", out _))
            return Exported(path, npz, expected);
        if (npz.TryGet("low_state_ohms", out var low) || npz.TryGet("high_state_ohms", out _))
        {
            var lowState = Stacked(path, npz.Require("low_state_ohms"), "'low_state_ohms'");
            var highState = Stacked(path, npz.Require("high_state_ohms"), "'high_state_ohms'");
            if (!lowState.Shape.SequenceEqual(highState.Shape))
                throw new InvalidDataFileException(path,
                    $"'low_state_ohms' has shape {low.ShapeText} but 'high_state_ohms' " +
                    $"{npz["high_state_ohms"].ShapeText}.");
            return Classified(path, device, t, adcBits, expected, lowState, highState);
        }
        if (npz.TryGet("resistance_ohms", out var one))
            return Classified(path, device, t, adcBits, expected, Stacked(path, one, "'resistance_ohms'"), null);
        return Classified(path, device, t, adcBits, expected, PerTile(path, npz), null);
    }

    /// <summary>Readings in tile, row, column order with the map's shape.</summary>
    private sealed record Readings(int[] Shape, double[] Values);

    private static Die Classified(string path, DeviceModel device, ClassificationThresholds t, int adcBits,
        ArrayGeometry? expected, Readings low, Readings? high)
    {
        var g = Geometry(path, low.Shape, adcBits, expected);
        return ResistanceMap.Classify(path, g, device, t, DieOrder(g, low.Values),
            high == null ? null : DieOrder(g, high.Values));
    }

    private static ArrayGeometry Geometry(string path, int[] shape, int adcBits, ArrayGeometry? expected)
    {
        var g = new ArrayGeometry(shape[0], shape[1], shape[2], adcBits);
        if (expected != null && expected with { AdcBits = adcBits } != g)
            throw new InvalidDataFileException(path,
                $"the map is {shape[0]} tiles of {shape[1]}×{shape[2]}, but the array given is {expected.Tiles} " +
                $"tiles of {expected.TileRows}×{expected.TileColumns}.");
        try
        {
            g.Validate();
        }
        catch (InvalidConfigurationException e)
        {
            throw new InvalidDataFileException(path,
                $"a map of {shape[0]} tiles of {shape[1]}×{shape[2]} is no array CrossbarLab can hold: {e.Message}", e);
        }
        return g;
    }

    /// <summary>One [tiles, rows, columns] array of readings.</summary>
    private static Readings Stacked(string path, NpyArray array, string what)
    {
        if (array.Shape.Count != 3 || array.Shape.Any(d => d < 1))
            throw new InvalidDataFileException(path,
                $"{what} has shape {array.ShapeText}; a map is [tiles, rows, columns] (or one [rows, columns] array " +
                "per tile in an .npz).");
        return new Readings([.. array.Shape], Ohms(path, array, what));
    }

    /// <summary>Every entry of the archive is one tile's [rows, columns] readings, in archive order.</summary>
    private static Readings PerTile(string path, NpzArchive npz)
    {
        var first = npz.Count > 0 ? npz[npz.Names[0]] : null;
        bool tiles = first is { Shape.Count: 2 } && first.Shape.All(d => d >= 1)
            && npz.Names.All(n => npz[n].Shape.SequenceEqual(first.Shape));
        if (!tiles)
            throw new InvalidDataFileException(path,
                "is not a map CrossbarLab reads: expected 'resistance_ohms' [tiles, rows, columns], " +
                "'low_state_ohms' and 'high_state_ohms' of that shape, a die from crossbar die export, or one " +
                $"[rows, columns] array per tile; it holds: {string.Join(", ", npz.Names.Take(12))}.");
        var values = npz.Names.SelectMany(n => Ohms(path, npz[n], $"'{n}'")).ToArray();
        return new Readings([npz.Count, first!.Shape[0], first.Shape[1]], values);
    }

    /// <summary>Readings in ohms: numbers, not NaN, not negative (+∞ reads as an open device).</summary>
    private static double[] Ohms(string path, NpyArray array, string what)
    {
        if (array.Dtype is NpyDtype.Unicode or NpyDtype.Bool)
            throw new InvalidDataFileException(path,
                $"{what} holds {array.Descr} values; resistances in ohms were expected.");
        var values = array.ToDoubles();
        int bad = Array.FindIndex(values, v => double.IsNaN(v) || v < 0);
        if (bad >= 0)
            throw new InvalidDataFileException(path,
                $"{what} element {FiniteValues.IndexText(array.Shape, bad)} is {values[bad]}; a resistance is a " +
                "number of ohms ≥ 0 (inf for an open device).");
        return values;
    }

    private static double[] DieOrder(ArrayGeometry g, double[] tiled)
    {
        var values = new double[g.DeviceCount];
        for (int t = 0; t < g.Tiles; t++)
            for (int r = 0; r < g.TileRows; r++)
                for (int c = 0; c < g.TileColumns; c++)
                    values[g.Device(r, t * g.TileColumns + c)] = tiled[(t * g.TileRows + r) * g.TileColumns + c];
        return values;
    }

    private static NpyArray Tiled<T>(ArrayGeometry g, T[] perDevice)
    {
        var tiled = new T[perDevice.Length];
        for (int t = 0; t < g.Tiles; t++)
            for (int r = 0; r < g.TileRows; r++)
                for (int c = 0; c < g.TileColumns; c++)
                    tiled[(t * g.TileRows + r) * g.TileColumns + c] = perDevice[g.Device(r, t * g.TileColumns + c)];
        return new NpyArray(tiled, g.Tiles, g.TileRows, g.TileColumns);
    }

    private static T[] Untiled<T>(ArrayGeometry g, T[] tiled)
    {
        var values = new T[tiled.Length];
        for (int t = 0; t < g.Tiles; t++)
            for (int r = 0; r < g.TileRows; r++)
                for (int c = 0; c < g.TileColumns; c++)
                    values[g.Device(r, t * g.TileColumns + c)] = tiled[(t * g.TileRows + r) * g.TileColumns + c];
        return values;
    }

    /// <summary>A die written by <see cref="ToNpz"/>, restored exactly.</summary>
    private static Die Exported(string path, NpzArchive npz, ArrayGeometry? expected)
    {
        var format = npz.Require("format");
        if (format.Dtype != NpyDtype.Unicode || format.Get<string>()[0] != Format)
            throw new InvalidDataFileException(path, $"holds 'defects' but its 'format' is not '{Format}'.");
        var version = npz.Require("version");
        if (version.Dtype == NpyDtype.Unicode || version.Count != 1 || version.ToDoubles()[0] != Version)
            throw new InvalidDataFileException(path,
                $"is a die of another layout version; this CrossbarLab reads version {Version} (export it again).");
        var description = Description(path, npz.Require("die"));
        var g = Section<ArrayGeometry>(path, description, "geometry");
        var device = Section<DeviceModel>(path, description, "device");
        string name = (string?)description["name"] ?? "";
        if (!SafeName.IsSafe(name))
            throw new InvalidDataFileException(path, $"its die name is not a safe file name ({SafeName.Rule}).");
        if (expected != null && (expected.Tiles, expected.TileRows, expected.TileColumns)
            != (g.Tiles, g.TileRows, g.TileColumns))
            throw new InvalidDataFileException(path, $"the die's array is {g}, not the array given ({expected}).");
        var codes = Exact<sbyte>(path, npz, "defects", g, NpyDtype.Int8);
        int bad = Array.FindIndex(codes, k => k < 0 || k > (sbyte)DefectKind.StuckAntiparallel);
        if (bad >= 0)
            throw new InvalidDataFileException(path, $"'defects' element {bad} is {codes[bad]}; codes are 0–4.");
        var low = Exact<float>(path, npz, "low_ohms", g, NpyDtype.Float32);
        var high = Exact<float>(path, npz, "high_ohms", g, NpyDtype.Float32);
        bad = Array.FindIndex(low, v => !(v > 0 && float.IsFinite(v)));
        int badHigh = Array.FindIndex(high, v => !(v > 0 && float.IsFinite(v)));
        if (bad >= 0 || badHigh >= 0)
            throw new InvalidDataFileException(path, "resistances must be positive and finite (ohms).");
        var map = new DefectMap(g, Array.ConvertAll(codes, k => (byte)k), Lines(path, npz, "failed_row_lines",
            g.RowLines), Lines(path, npz, "failed_column_lines", g.ColumnLines));
        return new Die(name, (string?)description["provenance"] ?? "", g, device, map, low, high);
    }

    private static JsonObject Description(string path, NpyArray array)
    {
        if (array.Dtype != NpyDtype.Unicode || array.Count != 1)
            throw new InvalidDataFileException(path, "its 'die' entry must be one JSON string.");
        try
        {
            return JsonInput.Parse(array.Get<string>()[0]) as JsonObject
                ?? throw new InvalidDataFileException(path, "its 'die' entry is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataFileException(path, $"its 'die' entry is not valid JSON ({e.Message}).", e);
        }
    }

    private static T Section<T>(string path, JsonObject description, string field) where T : class
    {
        try
        {
            var value = description[field].Deserialize<T>(JsonConventions.Options)
                ?? throw new InvalidDataFileException(path, $"its 'die' entry lacks '{field}'.");
            (value as ArrayGeometry)?.Validate();
            (value as DeviceModel)?.Validate();
            return value;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException
            or InvalidConfigurationException)
        {
            throw new InvalidDataFileException(path, $"its 'die' entry has a malformed '{field}' ({e.Message}).", e);
        }
    }

    private static T[] Exact<T>(string path, NpzArchive npz, string name, ArrayGeometry g, NpyDtype dtype)
    {
        var array = npz.Require(name);
        int[] shape = [g.Tiles, g.TileRows, g.TileColumns];
        if (array.Dtype != dtype || !array.Shape.SequenceEqual(shape))
            throw new InvalidDataFileException(path,
                $"'{name}' is a {array}; a {NpyDescr.Format(dtype, 0)} array of shape " +
                $"{NpyArray.ShapeToText(shape)} was expected.");
        return Untiled(g, array.Get<T>());
    }

    private static int[] Lines(string path, NpzArchive npz, string name, int count)
    {
        var array = npz.Require(name);
        if (array.Shape.Count != 1 || array.Dtype is not (NpyDtype.Int32 or NpyDtype.Int64))
            throw new InvalidDataFileException(path, $"'{name}' must be a vector of line numbers, not a {array}.");
        var lines = array.ToDoubles();
        int bad = Array.FindIndex(lines, v => v < 0 || v >= count);
        if (bad >= 0)
            throw new InvalidDataFileException(path, $"'{name}' lists line {lines[bad]}, outside 0–{count - 1}.");
        return Array.ConvertAll(lines, v => (int)v);
    }
}
