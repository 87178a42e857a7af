using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrossbarLab.IO;
using CrossbarLab.Model;

namespace CrossbarLab.Training;

/// <summary>
/// The complete state of a training run after a whole epoch — network, Adam moments, step count, history — so a run
/// resumed from it ends bit-identical to one that was never interrupted. Stored as JSON (arrays as base64 float32),
/// written atomically, with the spec and options it was made with; resuming with different ones is refused.
/// </summary>
internal sealed record Checkpoint(NetworkSpec Spec, TrainingOptions Options, ulong Seed, BinaryNetwork Network, Adam Optimizer, List<EpochRecord> History)
{
    /// <summary>The value of the "format" field.</summary>
    public const string Format = "crossbarlab.checkpoint";

    /// <summary>The version this code writes and reads.</summary>
    public const int Version = 1;

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = false };

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
        root["checksum"] = PayloadChecksum(root);
        AtomicFile.WriteAllText(path, root.ToJsonString(s_json));
    }

    /// <summary>Reads a checkpoint and checks that it belongs to a run with <paramref name="spec"/> and <paramref name="options"/>.</summary>
    public static Checkpoint Load(string path, NetworkSpec spec, TrainingOptions options, ulong seed, string regime)
    {
        if (!File.Exists(path)) throw new InvalidDataFileException(path, "checkpoint not found: there is nothing to resume; start the run afresh.");
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataFileException(path, "expected a JSON object.");
            if ((string?)root["format"] != Format || (int?)root["version"] != Version)
                throw new InvalidDataFileException(path, $"not a version-{Version} CrossbarLab checkpoint.");
            var savedSpec = root["spec"].Deserialize<NetworkSpec>(JsonConventions.Options);
            var savedOptions = root["options"].Deserialize<TrainingOptions>(JsonConventions.Options);
            bool sameSpec = JsonSerializer.Serialize(savedSpec, JsonConventions.Options) == JsonSerializer.Serialize(spec, JsonConventions.Options);
            if (!sameSpec || savedOptions != options || (ulong?)root["seed"] != seed || (string?)root["regime"] != regime)
                throw new InvalidDataFileException(path, "the checkpoint was made with other network, training or regime settings; resume with the same settings, or start the run afresh.");
            if ((string?)root["checksum"] != PayloadChecksum(root))
                throw new InvalidDataFileException(path, "the checkpoint's contents do not match its checksum: it is damaged; start the run afresh.");
            var parameters = Decode(root["weights"]);
            if (parameters.Length != (spec.HasOffsets ? 2 : 1) * spec.LayerCount) throw new FormatException("parameter count differs");
            var network = spec.HasOffsets
                ? new BinaryNetwork(spec, parameters[..spec.LayerCount], parameters[spec.LayerCount..])
                : new BinaryNetwork(spec, parameters);
            var adam = new Adam(network.Parameters, options.Beta1, options.Beta2, options.Epsilon, clipped: spec.LayerCount)
            {
                Step = (long)root["adam_step"]!,
            };
            Copy(Decode(root["adam_m"]), adam.M);
            Copy(Decode(root["adam_v"]), adam.V);
            var history = root["history"].Deserialize<List<EpochRecord>>(JsonConventions.Options) ?? [];
            return new Checkpoint(spec, options, seed, network, adam, history);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException or NullReferenceException)
        {
            throw new InvalidDataFileException(path, $"damaged checkpoint ({e.Message}); start the run afresh.", e);
        }
    }

    /// <summary>SHA-256 over everything a resumed run depends on: the Adam step, the history and the three weight arrays.</summary>
    private static string PayloadChecksum(JsonObject root) => IO.Checksum.Of(
        root["adam_step"]?.ToJsonString() ?? "", root["history"]?.ToJsonString() ?? "", root["weights"]?.ToJsonString() ?? "",
        root["adam_m"]?.ToJsonString() ?? "", root["adam_v"]?.ToJsonString() ?? "");

    private static JsonArray Encode(float[][] arrays) =>
        new(arrays.Select(a => (JsonNode)Convert.ToBase64String(MemoryMarshal.AsBytes(a.AsSpan()))).ToArray());

    private static float[][] Decode(JsonNode? node) =>
        (node as JsonArray ?? throw new FormatException("missing array list")).Select(n => MemoryMarshal.Cast<byte, float>(Convert.FromBase64String((string)n!)).ToArray()).ToArray();

    private static void Copy(float[][] from, float[][] to)
    {
        if (from.Length != to.Length) throw new FormatException("layer count differs");
        for (int l = 0; l < to.Length; l++)
        {
            if (from[l].Length != to[l].Length) throw new FormatException($"layer {l} size differs");
            from[l].CopyTo(to[l], 0);
        }
    }
}
