using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrossbarLab.IO;

namespace CrossbarLab.Model;

/// <summary>
/// Saves and loads a <see cref="BinaryNetwork"/> as JSON:
/// <c>{"format": "crossbarlab.model", "version": 1, "spec": {…NetworkSpec…}, "layers": [{"inputs": n, "outputs": m, "weights": base64}]}</c>,
/// where each layer's weights are its latent weights, inputs × outputs row-major, as little-endian float32, base64-encoded,
/// and "checksum" (SHA-256 of the layers' weight strings) is checked when present.
/// </summary>
public static class ModelFile
{
    /// <summary>The value of the "format" field.</summary>
    public const string Format = "crossbarlab.model";

    /// <summary>The version this code writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Writes the network atomically to <paramref name="path"/>.</summary>
    public static void Save(BinaryNetwork network, string path) => AtomicFile.WriteAllText(path, ToJson(network));

    /// <summary>The JSON text of a network.</summary>
    public static string ToJson(BinaryNetwork network)
    {
        var widths = network.Spec.Widths;
        var layers = new JsonArray();
        for (int l = 0; l < network.Weights.Length; l++)
        {
            layers.Add(new JsonObject
            {
                ["inputs"] = widths[l],
                ["outputs"] = widths[l + 1],
                ["weights"] = Convert.ToBase64String(MemoryMarshal.AsBytes(network.Weights[l].AsSpan())),
            });
        }
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["spec"] = JsonConventions.ToNode(network.Spec),
            ["layers"] = layers,
            ["checksum"] = Checksum.Of(layers.Select(l => (string)l!["weights"]!).ToArray()),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads and validates a model file.</summary>
    /// <exception cref="InvalidDataFileException">The file is missing, not JSON, of another format or version, or its weights do not fit its spec.</exception>
    public static BinaryNetwork Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataFileException(path, "model file not found.");
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException e) { throw new InvalidDataFileException(path, $"cannot be read ({e.Message}).", e); }
        return FromJson(path, text);
    }

    /// <summary>Parses model JSON; <paramref name="name"/> appears in error messages.</summary>
    public static BinaryNetwork FromJson(string name, string text)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(text); }
        catch (JsonException e) { throw new InvalidDataFileException(name, $"not valid JSON ({e.Message}).", e); }
        if (root is not JsonObject obj) throw new InvalidDataFileException(name, "expected a JSON object at the top level.");
        if (Read<string>(name, obj, "format") != Format)
            throw new InvalidDataFileException(name, $"field 'format' must be '{Format}': this is not a CrossbarLab model file.");
        int version = Read<int>(name, obj, "version");
        if (version != Version)
            throw new InvalidDataFileException(name, $"model version {version} is not supported (this CrossbarLab reads version {Version}).");

        NetworkSpec? spec;
        try { spec = obj["spec"]?.Deserialize<NetworkSpec>(JsonConventions.Options); }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        { throw new InvalidDataFileException(name, $"field 'spec' is malformed ({e.Message}).", e); }
        if (spec is null || spec.Hidden is null) throw new InvalidDataFileException(name, "field 'spec' is missing or incomplete.");
        try { spec.Validate(); }
        catch (InvalidConfigurationException e) { throw new InvalidDataFileException(name, $"field 'spec': {e.Message}", e); }

        if (obj["layers"] is not JsonArray layers || layers.Count != spec.LayerCount)
            throw new InvalidDataFileException(name, $"field 'layers' must be a list of {spec.LayerCount} layers for a {spec.Shape} network.");
        var widths = spec.Widths;
        var weights = new float[layers.Count][];
        for (int l = 0; l < layers.Count; l++)
        {
            if (layers[l] is not JsonObject layer) throw new InvalidDataFileException(name, $"layer {l} is not an object.");
            int inputs = Read<int>(name, layer, "inputs"), outputs = Read<int>(name, layer, "outputs");
            if (inputs != widths[l] || outputs != widths[l + 1])
                throw new InvalidDataFileException(name, $"layer {l} is {inputs}×{outputs} but the spec {spec.Shape} needs {widths[l]}×{widths[l + 1]}.");
            byte[] bytes;
            try { bytes = Convert.FromBase64String(Read<string>(name, layer, "weights")); }
            catch (FormatException e) { throw new InvalidDataFileException(name, $"layer {l}: 'weights' is not valid base64.", e); }
            if (bytes.Length != 4 * inputs * outputs)
                throw new InvalidDataFileException(name, $"layer {l}: 'weights' holds {bytes.Length} bytes, expected {4 * inputs * outputs} ({inputs}×{outputs} float32).");
            var w = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
            int bad = Array.FindIndex(w, x => !(x >= -1f && x <= 1f));
            if (bad >= 0) throw new InvalidDataFileException(name, $"layer {l}: weight {bad} is {w[bad]}, outside the latent range [−1, 1].");
            weights[l] = w;
        }
        if (obj["checksum"] is JsonNode sum && (string?)sum != Checksum.Of(layers.Select(l => Read<string>(name, (JsonObject)l!, "weights")).ToArray()))
            throw new InvalidDataFileException(name, "the weights do not match the file's checksum: the file is damaged.");
        return new BinaryNetwork(spec, weights);
    }

    private static T Read<T>(string name, JsonObject obj, string field)
    {
        try
        {
            var node = obj[field] ?? throw new InvalidDataFileException(name, $"field '{field}' is missing.");
            return node.GetValue<T>();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new InvalidDataFileException(name, $"field '{field}' has the wrong type (expected {typeof(T).Name}).", e);
        }
    }
}
