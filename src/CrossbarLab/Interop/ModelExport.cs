using System.Globalization;
using System.Text.Json.Nodes;
using CrossbarLab.Deployment;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;

namespace CrossbarLab.Interop;

/// <summary>
/// A model made ready for <c>crossbar export</c>: the network in logical input order and the weights its inference
/// computes with — the ideal ones (±1, or real for real digital layers), or the effective weights one die realises
/// (its defects at the effective-weight evaluation level), or those of a deployment file (the programmed network on
/// its die: placement, fine-tuned weights, calibrated offsets, refitted gains). <see cref="ToOnnx"/> and
/// <see cref="ToNpz"/> write it; both reproduce <c>crossbar eval</c>'s predictions (the graph takes raw pixels).
/// </summary>
public sealed class ModelExport
{
    /// <summary>The network (latent weights, offsets, gains), first layer's rows in logical input order.</summary>
    public BinaryNetwork Network { get; }

    /// <summary>The weights each layer computes with, inputs × outputs, logical input order.</summary>
    public float[][] Computed { get; }

    /// <summary>Whether <see cref="Computed"/> holds a die's effective weights (else the ideal weights).</summary>
    public bool OnDie => DieName != null;

    /// <summary>The die the effective weights belong to, or null for the ideal network.</summary>
    public string? DieName { get; }

    /// <summary>SHA-256 checksum of the model file's contents (the programmed network's, for a deployment).</summary>
    public string ModelChecksum { get; }

    /// <summary>For a deployment: the physical row each logical input drives; otherwise null.</summary>
    public int[]? InputRows { get; }

    /// <summary>Key/value strings recorded in the ONNX model's metadata and the npz's <c>metadata</c> JSON.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    private ModelExport(BinaryNetwork network, float[][] computed, string? dieName, int[]? inputRows,
        SortedDictionary<string, string> extra, string? checksum = null)
    {
        Network = network;
        Computed = computed;
        DieName = dieName;
        InputRows = inputRows;
        ModelChecksum = checksum ?? Checksum(network);
        extra["crossbarlab_version"] = LibraryVersion.Informational;
        extra["model_checksum"] = ModelChecksum;
        extra["network"] = JsonConventions.ToNode(network.Spec)!.ToJsonString(JsonConventions.Compact);
        extra["weights"] = dieName == null ? "ideal" : "effective";
        if (dieName != null)
            extra["die_name"] = dieName;
        Metadata = extra;
    }

    /// <summary>The defect-free network.</summary>
    public static ModelExport Ideal(BinaryNetwork network)
    {
        var computed = Enumerable.Range(0, network.Spec.LayerCount).Select(network.IdealWeights).ToArray();
        return new ModelExport(network, computed, null, null, new(StringComparer.Ordinal));
    }

    /// <summary>
    /// The network on <paramref name="die"/> (default mapping, nominal devices): the effective weights of the
    /// layers on the die, the ideal ones of the layers off it.
    /// </summary>
    public static ModelExport OnDieOf(BinaryNetwork network, Die die)
    {
        var effective = EffectiveWeights.For(network, die, Mapping(network, die));
        var extra = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["evaluation_level"] = "effective-weights",
        };
        return new ModelExport(network, effective, die.Name, null, extra);
    }

    /// <summary>
    /// The programmed network of a deployment on its die. The first layer's rows are put back in logical input order
    /// (row <c>Placement.Rows[0][i]</c> of the programmed matrix becomes row i), so the exported graph takes the
    /// images as preprocessed; hidden neurons stay where the placement put them, consistently in both layers.
    /// </summary>
    public static ModelExport Deployed(DeploymentRecord deployment)
    {
        var physical = deployment.Network;
        var effective = EffectiveWeights.For(physical, deployment.Die, Mapping(physical, deployment.Die));
        int[] rows = deployment.Placement.Rows[0];
        int outputs = physical.Spec.Widths[1];
        effective[0] = LogicalRows(effective[0], rows, outputs);
        var weights = physical.Weights.ToArray();
        weights[0] = LogicalRows(weights[0], rows, outputs);
        var logical = new BinaryNetwork(physical.Spec, weights, physical.Offsets, physical.Gains);
        var extra = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["evaluation_level"] = "effective-weights",
            ["deployment_method"] = deployment.Steps.MethodName,
            ["deployment_level"] = deployment.Level,
            ["deployment_test_error"] = deployment.TestError.ToString("R", CultureInfo.InvariantCulture),
        };
        return new ModelExport(logical, effective, deployment.Die.Name, rows, extra, Checksum(physical));
    }

    /// <summary>The ONNX network: raw pixels in, logits out, with this export's weights and metadata.</summary>
    public OnnxNetwork ToOnnx()
    {
        var spec = Network.Spec;
        var layers = new List<OnnxLayer>();
        for (int l = 0; l < spec.LayerCount; l++)
        {
            float[]? offsets = spec.HasOffsets ? Network.Offsets[l] : null;
            float[]? gains = Network.Gains[l].Length > 0 ? Network.Gains[l] : null;
            bool hidden = l + 1 < spec.LayerCount;
            layers.Add(new OnnxLayer(spec.Widths[l], spec.Widths[l + 1], Computed[l], offsets, hidden, gains));
        }
        return new OnnxNetwork(spec.ImageSize, spec.Threshold, spec.Encoding, layers, spec.OutputScale, Metadata);
    }

    /// <summary>The npz archive (see <see cref="WeightsNpz"/> for its arrays).</summary>
    public NpzArchive ToNpz() => WeightsNpz.Write(this);

    /// <summary>The checksum a model file of <paramref name="network"/> carries.</summary>
    public static string Checksum(BinaryNetwork network) =>
        DocumentChecksum.Of(JsonNode.Parse(ModelFile.ToJson(network))!.AsObject());

    private static DifferentialMapping Mapping(BinaryNetwork network, Die die)
    {
        try
        {
            return EffectiveWeights.Mapping(network.Spec, die.Geometry);
        }
        catch (InvalidConfigurationException e)
        {
            throw new InvalidConfigurationException(
                $"the {network.Spec.Shape} network does not fit die {die.Name} ({die.Geometry}): {e.Message}");
        }
    }

    /// <summary>Row i of the result is row <paramref name="rows"/>[i] of <paramref name="physical"/>.</summary>
    private static float[] LogicalRows(float[] physical, int[] rows, int outputs)
    {
        var logical = new float[physical.Length];
        for (int i = 0; i < rows.Length; i++)
            Array.Copy(physical, rows[i] * outputs, logical, i * outputs, outputs);
        return logical;
    }
}
