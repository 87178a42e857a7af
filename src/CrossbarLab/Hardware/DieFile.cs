using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrossbarLab.Devices;
using CrossbarLab.IO;

namespace CrossbarLab.Hardware;

/// <summary>
/// Saves and loads a <see cref="Die"/> as JSON: <c>{"format": "crossbarlab.die", "version": 1, "name", "provenance",
/// "geometry", "device", "defect_counts", "failed_row_lines", "failed_column_lines", "point_defects", "low_ohms", "high_ohms"}</c>.
/// <c>point_defects</c> is one byte per device (0 healthy, 1 short, 2 open, 3 stuck-parallel, 4 stuck-antiparallel) and
/// the resistance maps are little-endian float32 ohms, all base64; devices are numbered row·DieColumns + column.
/// <c>defect_counts</c> is informational and not read back; <c>checksum</c> (SHA-256 of the three maps) is checked when present.
/// </summary>
public static class DieFile
{
    /// <summary>The value of the "format" field.</summary>
    public const string Format = "crossbarlab.die";
    /// <summary>The version this code writes and reads.</summary>
    public const int Version = 1;

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <summary>Writes the die atomically.</summary>
    public static void Save(Die die, string path) => AtomicFile.WriteAllText(path, ToJson(die).ToJsonString(s_indented));

    /// <summary>The die as a JSON object.</summary>
    public static JsonObject ToJson(Die die)
    {
        string kinds = Convert.ToBase64String(die.Defects.PointDefects);
        string low = Convert.ToBase64String(MemoryMarshal.AsBytes(die.LowOhms.AsSpan())), high = Convert.ToBase64String(MemoryMarshal.AsBytes(die.HighOhms.AsSpan()));
        return new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["name"] = die.Name,
            ["provenance"] = die.Provenance,
            ["geometry"] = JsonConventions.ToNode(die.Geometry),
            ["device"] = JsonConventions.ToNode(die.Device),
            ["defect_rate"] = die.Defects.DefectRate,
            ["defect_counts"] = DefectCounts(die.Defects),
            ["failed_row_lines"] = new JsonArray(die.Defects.FailedRowLines.Select(l => (JsonNode)l).ToArray()),
            ["failed_column_lines"] = new JsonArray(die.Defects.FailedColumnLines.Select(l => (JsonNode)l).ToArray()),
            ["point_defects"] = kinds,
            ["low_ohms"] = low,
            ["high_ohms"] = high,
            ["checksum"] = Checksum.Of(kinds, low, high),
        };
    }

    /// <summary>Point defects by kind name plus failed row and column lines, as written in die files and fab summaries.</summary>
    public static JsonObject DefectCounts(DefectMap defects)
    {
        var counts = new JsonObject();
        foreach (var kind in DefectKinds.All) counts[DefectKinds.Name(kind)] = defects.Count(kind);
        counts["row_lines"] = defects.FailedRowLines.Count;
        counts["column_lines"] = defects.FailedColumnLines.Count;
        return counts;
    }

    /// <summary>Reads and validates a die file.</summary>
    public static Die Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataFileException(path, "die file not found.");
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException e) { throw new InvalidDataFileException(path, $"cannot be read ({e.Message}).", e); }
        return FromJson(path, text);
    }

    /// <summary>Parses die JSON; <paramref name="name"/> appears in error messages.</summary>
    public static Die FromJson(string name, string text)
    {
        JsonObject obj;
        try { obj = JsonNode.Parse(text) as JsonObject ?? throw new InvalidDataFileException(name, "expected a JSON object at the top level."); }
        catch (JsonException e) { throw new InvalidDataFileException(name, $"not valid JSON ({e.Message}).", e); }
        try
        {
            if ((string?)obj["format"] != Format) throw new InvalidDataFileException(name, $"field 'format' must be '{Format}': this is not a CrossbarLab die file.");
            int version = (int?)obj["version"] ?? throw new InvalidDataFileException(name, "field 'version' is missing.");
            if (version != Version) throw new InvalidDataFileException(name, $"die file version {version} is not supported (this CrossbarLab reads version {Version}).");
            var geometry = obj["geometry"].Deserialize<ArrayGeometry>(JsonConventions.Options) ?? throw new InvalidDataFileException(name, "field 'geometry' is missing.");
            var device = obj["device"].Deserialize<DeviceModel>(JsonConventions.Options) ?? throw new InvalidDataFileException(name, "field 'device' is missing.");
            geometry.Validate();
            device.Validate();
            var kinds = Convert.FromBase64String(Required<string>(name, obj, "point_defects"));
            if (kinds.Length != geometry.DeviceCount)
                throw new InvalidDataFileException(name, $"'point_defects' holds {kinds.Length} devices but the geometry has {geometry.DeviceCount}.");
            int bad = Array.FindIndex(kinds, k => k > (byte)DefectKind.StuckAntiparallel);
            if (bad >= 0) throw new InvalidDataFileException(name, $"device {bad} has unknown defect code {kinds[bad]} (expected 0–4).");
            var rows = Lines(name, obj, "failed_row_lines", geometry.RowLines);
            var columns = Lines(name, obj, "failed_column_lines", geometry.ColumnLines);
            var low = Resistances(name, obj, "low_ohms", geometry.DeviceCount);
            var high = Resistances(name, obj, "high_ohms", geometry.DeviceCount);
            if (obj["checksum"] is JsonNode sum && (string?)sum != Checksum.Of(Required<string>(name, obj, "point_defects"), Required<string>(name, obj, "low_ohms"), Required<string>(name, obj, "high_ohms")))
                throw new InvalidDataFileException(name, "the defect and resistance maps do not match the file's checksum: the file is damaged.");
            return new Die(Required<string>(name, obj, "name"), (string?)obj["provenance"] ?? "", geometry, device, new DefectMap(geometry, kinds, rows, columns), low, high);
        }
        catch (InvalidConfigurationException e) { throw new InvalidDataFileException(name, e.Message, e); }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        { throw new InvalidDataFileException(name, $"malformed field ({e.Message}).", e); }
    }

    private static T Required<T>(string name, JsonObject obj, string field) =>
        (obj[field] ?? throw new InvalidDataFileException(name, $"field '{field}' is missing.")).GetValue<T>();

    private static int[] Lines(string name, JsonObject obj, string field, int count)
    {
        var lines = (obj[field] as JsonArray ?? throw new InvalidDataFileException(name, $"field '{field}' must be a list.")).Select(n => (int)n!).ToArray();
        int bad = Array.FindIndex(lines, l => l < 0 || l >= count);
        if (bad >= 0) throw new InvalidDataFileException(name, $"'{field}' lists line {lines[bad]}, outside 0–{count - 1}.");
        return lines;
    }

    private static float[] Resistances(string name, JsonObject obj, string field, int count)
    {
        var bytes = Convert.FromBase64String(Required<string>(name, obj, field));
        if (bytes.Length != 4 * count) throw new InvalidDataFileException(name, $"'{field}' holds {bytes.Length / 4} values, expected {count}.");
        var values = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        int bad = Array.FindIndex(values, v => !(v > 0) || !float.IsFinite(v));
        if (bad >= 0) throw new InvalidDataFileException(name, $"'{field}' device {bad} has resistance {values[bad]}; resistances must be positive and finite (ohms).");
        return values;
    }
}
