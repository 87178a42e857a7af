using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrossbarLab.IO;
using CrossbarLab.Model;

namespace CrossbarLab.Training;

/// <summary>
/// The complete state of a training run after a whole epoch — network, Adam moments, step count, history — so a run
/// resumed from it ends bit-identical to one that was never interrupted. Stored as a sealed JSON document (arrays as
/// base64 float32, one checksum over everything, required), written atomically, with everything the run depends on:
/// spec, training options, seed and the description of the regime's defect source (which names the die and its defect
/// map, or the statistics, device and array drawn from). Resuming with any of them different is refused.
/// </summary>
internal sealed record Checkpoint(NetworkSpec Spec, TrainingOptions Options, ulong Seed, BinaryNetwork Network, Adam Optimizer, List<EpochRecord> History)
{
    /// <summary>The value of the "format" field.</summary>
    public const string Format = "crossbarlab.checkpoint";

    /// <summary>The version this code writes and reads (2: one checksum over the whole document, required).</summary>
    public const int Version = 2;

    /// <summary>
    /// The largest checkpoint read: three float32 arrays (weights and two Adam moments) of the largest network
    /// (<see cref="NetworkSpec.MaxWeights"/>, 32 million weights) are 512 MB of base64, plus the history.
    /// </summary>
    public const long MaxBytes = 640L << 20;

    /// <summary>What to do with a checkpoint that cannot be used: the run then restarts from its first epoch.</summary>
    public const string Recreate = "delete it and resume the run: training then restarts from its first epoch";

    /// <summary>Writes the checkpoint atomically, with the description of the regime's defect source.</summary>
    public void Save(string path, string regime)
    {
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["spec"] = JsonConventions.ToNode(Spec),
            ["options"] = JsonConventions.ToNode(Options),
            ["seed"] = Seed,
            ["regime"] = regime,
            ["adam_step"] = Optimizer.Step,
            ["history"] = JsonConventions.ToNode(History),
            ["weights"] = Encode(Network.Parameters), // the weights of every layer, then (with offsets) the offsets
            ["adam_m"] = Encode(Optimizer.M),
            ["adam_v"] = Encode(Optimizer.V),
        };
        SealedDocument.Write(path, root, compact: true);
    }

    /// <summary>
    /// Reads <paramref name="path"/> and checks that it is an intact checkpoint of this version (not whose run it is):
    /// a regular file within <see cref="MaxBytes"/>, this format and version, its checksum present and matching.
    /// </summary>
    public static JsonObject ReadIntact(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new InvalidDataFileException(path, "checkpoint not found: there is nothing to resume from.");
        return SealedDocument.Read(path, MaxBytes, Format, Version, "checkpoint", Recreate);
    }

    /// <summary>Reads a checkpoint and checks that it belongs to a run with exactly these settings.</summary>
    public static Checkpoint Load(string path, NetworkSpec spec, TrainingOptions options, ulong seed, string regime)
    {
        var root = ReadIntact(path);
        CheckSettings(path, root, spec, options, seed, regime);
        try
        {
            var parameters = Decode(root["weights"], spec, "weights");
            var network = spec.HasOffsets
                ? new BinaryNetwork(spec, parameters[..spec.LayerCount], parameters[spec.LayerCount..])
                : new BinaryNetwork(spec, parameters);
            var adam = new Adam(network.Parameters, options.Beta1, options.Beta2, options.Epsilon, clipped: spec.LayerCount)
            {
                Step = Step(root),
            };
            Copy(Decode(root["adam_m"], spec, "adam_m"), adam.M);
            Copy(Decode(root["adam_v"], spec, "adam_v"), adam.V);
            var history = root["history"].Deserialize<List<EpochRecord>>(JsonConventions.Options)
                ?? throw new FormatException("the history is null");
            if (history.Count > options.Epochs)
                throw new FormatException($"the history holds {history.Count} epochs of a {options.Epochs}-epoch run");
            return new Checkpoint(spec, options, seed, network, adam, history);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataFileException(path, $"damaged checkpoint ({e.Message}); {Recreate}.", e);
        }
    }

    /// <summary>Checks that <paramref name="path"/> is an intact checkpoint of a run with exactly these settings.</summary>
    public static void Verify(string path, NetworkSpec spec, TrainingOptions options, ulong seed, string regime) =>
        CheckSettings(path, ReadIntact(path), spec, options, seed, regime);

    /// <summary>Refuses a checkpoint of another run, naming the first setting that differs.</summary>
    private static void CheckSettings(string path, JsonObject root, NetworkSpec spec, TrainingOptions options, ulong seed,
        string regime)
    {
        var expected = new JsonObject
        {
            ["spec"] = JsonConventions.ToNode(spec),
            ["options"] = JsonConventions.ToNode(options),
            ["seed"] = seed,
            ["regime"] = regime,
        };
        var recorded = new JsonObject();
        foreach (var key in new[] { "spec", "options", "seed", "regime" })
            recorded[key] = root[key]?.DeepClone();
        string? field = JsonDiff.FirstDifference(recorded, expected);
        if (field == null)
            return;
        throw new InvalidDataFileException(path, $"the checkpoint was made by a run with other settings ({field} is "
            + $"{JsonDiff.ValueAt(recorded, field)} there, {JsonDiff.ValueAt(expected, field)} here); resume with the "
            + $"run's own settings, or {Recreate}.");
    }

    private static long Step(JsonObject root) =>
        root["adam_step"] is JsonValue v && v.TryGetValue(out long step) && step >= 0
            ? step
            : throw new FormatException("'adam_step' is not a step count");

    private static JsonArray Encode(float[][] arrays) =>
        new(arrays.Select(a => (JsonNode)Convert.ToBase64String(MemoryMarshal.AsBytes(a.AsSpan()))).ToArray());

    /// <summary>
    /// The parameters, one float32 array each — every layer's weights, then (with offsets) every layer's offsets —
    /// each checked against the spec's size before it is decoded.
    /// </summary>
    private static float[][] Decode(JsonNode? node, NetworkSpec spec, string field)
    {
        var widths = spec.Widths;
        int layers = spec.LayerCount;
        int count = spec.HasOffsets ? 2 * layers : layers;
        if (node is not JsonArray list || list.Count != count)
            throw new FormatException($"'{field}' must list {count} arrays");
        var parameters = new float[count][];
        for (int p = 0; p < count; p++)
        {
            long size = p < layers ? (long)widths[p] * widths[p + 1] : widths[p - layers + 1];
            string text = list[p] is JsonValue v && v.TryGetValue(out string? s)
                ? s
                : throw new FormatException($"'{field}' array {p} is not base64 text");
            if (text.Length != 4 * ((4 * size + 2) / 3))
                throw new FormatException($"'{field}' array {p} does not hold {size} float32 values");
            parameters[p] = MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(text)).ToArray();
        }
        return parameters;
    }

    private static void Copy(float[][] from, float[][] to)
    {
        for (int l = 0; l < to.Length; l++)
            from[l].CopyTo(to[l], 0);
    }
}
