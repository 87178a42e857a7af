using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrossbarLab.Devices;
using CrossbarLab.IO;

namespace CrossbarLab.Hardware;

/// <summary>
/// Saves and loads a <see cref="Die"/> as JSON: <c>{"format": "crossbarlab.die", "version": 2, "name", "provenance",
/// "geometry", "device", "defect_rate", "defect_counts", "failed_row_lines", "failed_column_lines", "point_defects",
/// "low_ohms", "high_ohms", "checksum"}</c>. <c>point_defects</c> is one byte per device (0 healthy, 1 short, 2 open,
/// 3 stuck-parallel, 4 stuck-antiparallel) and the resistance maps are little-endian float32 ohms, all base64; devices are
/// numbered row·DieColumns + column. <c>defect_rate</c> and <c>defect_counts</c> are informational and not read back.
/// The checksum (<see cref="DocumentChecksum"/>) covers the whole document — name, geometry, device parameters, ADC bits,
/// failed lines, informational fields and maps — and is required.
/// </summary>
public static class DieFile
{
    /// <summary>The value of the "format" field.</summary>
    public const string Format = "crossbarlab.die";

    /// <summary>The version this code writes and reads (2: one checksum over the whole document, required).</summary>
    public const int Version = 2;

    /// <summary>
    /// The largest die file read: about 12 bytes per device, so a die of the largest array (<see
    /// cref="ArrayGeometry.MaxDevices"/>, 16.8 million devices) is about 200 MB; the rest is room for failed-line lists.
    /// </summary>
    public const long MaxBytes = 512L << 20;

    private const string Recreate = "make the die file again (crossbar fab draws simulated dies, crossbar die import "
        + "reads a measured resistance map)";

    /// <summary>Writes the die atomically.</summary>
    public static void Save(Die die, string path) => SealedDocument.Write(path, ToJson(die));

    /// <summary>The die as a JSON object, with its checksum.</summary>
    public static JsonObject ToJson(Die die)
    {
        string kinds = Convert.ToBase64String(die.Defects.PointDefects);
        string low = Convert.ToBase64String(MemoryMarshal.AsBytes(die.LowOhms.AsSpan()));
        string high = Convert.ToBase64String(MemoryMarshal.AsBytes(die.HighOhms.AsSpan()));
        var document = new JsonObject
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
        };
        return DocumentChecksum.Seal(document);
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

    /// <summary>Reads and validates a die file (a regular file of at most <see cref="MaxBytes"/>).</summary>
    public static Die Load(string path) =>
        Read(path, SealedDocument.Read(path, MaxBytes, Format, Version, "die", Recreate));

    /// <summary>Parses die JSON; <paramref name="name"/> appears in error messages.</summary>
    public static Die FromJson(string name, string text) =>
        Read(name, SealedDocument.Parse(name, text, Format, Version, "die", Recreate));

    private static Die Read(string name, JsonObject obj)
    {
        try
        {
            var geometry = Section<ArrayGeometry>(name, obj, "geometry");
            var device = Section<DeviceModel>(name, obj, "device");
            geometry.Validate();
            device.Validate();
            string dieName = Required<string>(name, obj, "name");
            if (!SafeName.IsSafe(dieName))
                throw new InvalidDataFileException(name, $"field 'name' {Quoted(dieName)} is not a safe file name "
                    + $"({SafeName.Rule}); {Recreate}.");
            var kinds = Base64(name, obj, "point_defects", geometry.DeviceCount);
            if (kinds.Length != geometry.DeviceCount)
                throw new InvalidDataFileException(name,
                    $"'point_defects' holds {kinds.Length} devices but the geometry has {geometry.DeviceCount}.");
            int bad = Array.FindIndex(kinds, k => k > (byte)DefectKind.StuckAntiparallel);
            if (bad >= 0)
                throw new InvalidDataFileException(name,
                    $"device {bad} has unknown defect code {kinds[bad]} (expected 0–4).");
            var rows = Lines(name, obj, "failed_row_lines", geometry.RowLines);
            var columns = Lines(name, obj, "failed_column_lines", geometry.ColumnLines);
            var low = Resistances(name, obj, "low_ohms", geometry.DeviceCount);
            var high = Resistances(name, obj, "high_ohms", geometry.DeviceCount);
            string provenance = obj["provenance"] is JsonValue p && p.TryGetValue(out string? text) ? text : "";
            return new Die(dieName, provenance, geometry, device, new DefectMap(geometry, kinds, rows, columns), low, high);
        }
        catch (InvalidConfigurationException e) { throw new InvalidDataFileException(name, e.Message, e); }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataFileException(name, $"malformed field ({e.Message}).", e);
        }
    }

    private static T Section<T>(string name, JsonObject obj, string field) where T : class =>
        obj[field].Deserialize<T>(JsonConventions.Options)
        ?? throw new InvalidDataFileException(name, $"field '{field}' is missing.");

    private static T Required<T>(string name, JsonObject obj, string field) =>
        (obj[field] ?? throw new InvalidDataFileException(name, $"field '{field}' is missing.")).GetValue<T>();

    /// <summary>
    /// The bytes of a base64 field that should hold <paramref name="expected"/> bytes; text far longer than that is
    /// refused before it is decoded (a short one decodes and is then refused with the count it holds).
    /// </summary>
    private static byte[] Base64(string name, JsonObject obj, string field, long expected)
    {
        string text = Required<string>(name, obj, field);
        if (text.Length > 4 * ((expected + 2) / 3) + 4)
            throw new InvalidDataFileException(name,
                $"'{field}' holds about {(long)text.Length * 3 / 4:N0} bytes, expected {expected:N0}.");
        return Convert.FromBase64String(text);
    }

    /// <summary>A list of line numbers, each an integer in 0 … count − 1 (no nulls, at most one per line).</summary>
    private static int[] Lines(string name, JsonObject obj, string field, int count)
    {
        if (obj[field] is not JsonArray list)
            throw new InvalidDataFileException(name, $"field '{field}' must be a list of line numbers.");
        if (list.Count > count)
            throw new InvalidDataFileException(name, $"'{field}' lists {list.Count} lines, but the array has only {count}.");
        var lines = new int[list.Count];
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonValue v || !v.TryGetValue(out int line))
                throw new InvalidDataFileException(name,
                    $"'{field}' entry {i} is {list[i]?.ToJsonString() ?? "null"}, not a line number.");
            if (line < 0 || line >= count)
                throw new InvalidDataFileException(name, $"'{field}' lists line {line}, outside 0–{count - 1}.");
            lines[i] = line;
        }
        return lines;
    }

    private static float[] Resistances(string name, JsonObject obj, string field, int count)
    {
        var bytes = Base64(name, obj, field, 4L * count);
        if (bytes.Length != 4L * count)
            throw new InvalidDataFileException(name, $"'{field}' holds {bytes.Length / 4} values, expected {count}.");
        var values = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        int bad = Array.FindIndex(values, v => !(v > 0) || !float.IsFinite(v));
        if (bad >= 0)
            throw new InvalidDataFileException(name,
                $"'{field}' device {bad} has resistance {values[bad]}; resistances must be positive and finite (ohms).");
        return values;
    }

    /// <summary>A name from a file, quoted for a message with control characters shown as '?'.</summary>
    private static string Quoted(string text)
    {
        string shown = new(text.Take(60).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return text.Length > 60 ? $"'{shown}…'" : $"'{shown}'";
    }
}
