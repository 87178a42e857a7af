using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;

namespace CrossbarLab.Deployment;

/// <summary>What a deployment cost on one die.</summary>
/// <param name="Seconds">Wall-clock seconds of the deployment steps on this machine (the die simulated).</param>
/// <param name="HardwareAwareSeconds">Seconds hardware-aware training from scratch takes on the same die (the reference cost).</param>
/// <param name="NeedsMap">Whether a step needed the die's defect map.</param>
/// <param name="Trains">What the steps trained, in words.</param>
public sealed record DeploymentCost(double Seconds, double HardwareAwareSeconds, bool NeedsMap, string Trains)
{
    /// <summary>The cost as a fraction of hardware-aware training's.</summary>
    public double FractionOfHardwareAware => HardwareAwareSeconds > 0 ? Seconds / HardwareAwareSeconds : double.NaN;
}

/// <summary>A deployment as written to and read from deployment.json.</summary>
/// <param name="Steps">The steps applied.</param>
/// <param name="Die">The die it was made for (embedded, so the file is evaluated on its own).</param>
/// <param name="Network">The network as programmed (placed, tuned, calibrated, refitted).</param>
/// <param name="Placement">Where each logical input and hidden neuron sits.</param>
/// <param name="Level">The level its test error was evaluated at ("effective-weights" or "circuit").</param>
/// <param name="TestError">Its MNIST test error on the die.</param>
/// <param name="Cost">What it cost.</param>
public sealed record DeploymentRecord(DeploymentSettings Steps, Die Die, BinaryNetwork Network, Placement Placement, string Level,
    double TestError, DeploymentCost Cost);

/// <summary>
/// The programming file of one die: <c>{"format": "crossbarlab.deployment", "version": 1, "method", "steps", "die",
/// "network", "placement", "programming", "evaluation", "cost", "checksum"}</c>. <c>die</c> and <c>network</c> are a die
/// file's and a model file's objects (each with its own checksum); <c>placement.rows[l][i]</c> is the physical row of layer
/// l's logical input i; <c>programming</c> lists, per tile, the state of every device row by row ('L' low-resistance,
/// 'H' high-resistance, '.' not used), which is what a board controller writes; the one checksum covers everything.
/// </summary>
public static class DeploymentFile
{
    /// <summary>The value of the "format" field.</summary>
    public const string Format = "crossbarlab.deployment";

    /// <summary>The version this code writes and reads.</summary>
    public const int Version = 1;

    /// <summary>The largest deployment file read (an embedded 20,000-device die and model are under 1 MB).</summary>
    public const long MaxBytes = 64L << 20;

    private const string Recreate = "make the deployment again (crossbar deploy)";

    /// <summary>Writes <paramref name="record"/> atomically.</summary>
    public static void Save(DeploymentRecord record, string path) => SealedDocument.Write(path, ToJson(record));

    /// <summary>The deployment as a JSON document.</summary>
    public static JsonObject ToJson(DeploymentRecord r)
    {
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["method"] = r.Steps.MethodName,
            ["steps"] = JsonConventions.ToNode(r.Steps),
            ["die"] = DieFile.ToJson(r.Die),
            ["network"] = JsonNode.Parse(ModelFile.ToJson(r.Network)),
            ["placement"] = new JsonObject { ["rows"] = JsonConventions.ToNode(r.Placement.Rows) },
            ["programming"] = Programming(r.Network, r.Die.Geometry),
            ["evaluation"] = new JsonObject { ["level"] = r.Level, ["test_error"] = r.TestError },
            ["cost"] = new JsonObject
            {
                ["seconds"] = r.Cost.Seconds,
                ["hardware_aware_seconds"] = r.Cost.HardwareAwareSeconds,
                ["fraction_of_hardware_aware_time"] = r.Cost.FractionOfHardwareAware,
                ["needs_map"] = r.Cost.NeedsMap,
                ["trains"] = r.Cost.Trains,
            },
        };
        return root;
    }

    /// <summary>The state every device is programmed to, per tile, row by row: 'L', 'H', or '.' where no weight sits.</summary>
    public static JsonArray Programming(BinaryNetwork network, ArrayGeometry g)
    {
        var states = Enumerable.Repeat('.', g.DeviceCount).ToArray();
        var mapping = EffectiveWeights.Mapping(network.Spec, g);
        for (int l = 0; l < network.Spec.LayersOnDie; l++)
        {
            var positive = mapping.PositiveDevices(l);
            var w = network.Weights[l];
            for (int k = 0; k < w.Length; k++)
            {
                bool plus = w[k] >= 0f;
                states[positive[k]] = plus ? 'L' : 'H';
                states[positive[k] + g.TileColumns] = plus ? 'H' : 'L';
            }
        }
        var tiles = new JsonArray();
        for (int t = 0; t < g.Tiles; t++)
        {
            var text = new StringBuilder(g.TileRows * g.TileColumns);
            for (int r = 0; r < g.TileRows; r++)
                for (int c = 0; c < g.TileColumns; c++) text.Append(states[g.Device(r, t * g.TileColumns + c)]);
            tiles.Add(new JsonObject { ["tile"] = t, ["rows"] = g.TileRows, ["columns"] = g.TileColumns, ["states"] = text.ToString() });
        }
        return tiles;
    }

    /// <summary>Reads and verifies a deployment file.</summary>
    public static DeploymentRecord Load(string path)
    {
        var root = SealedDocument.Read(path, MaxBytes, Format, Version, "deployment", Recreate);
        try
        {
            var steps = root["steps"].Deserialize<DeploymentSettings>(JsonConventions.Options)
                ?? throw new InvalidDataFileException(path, "field 'steps' is missing.");
            var die = DieFile.FromJson($"{path} (die)", Required(path, root, "die").ToJsonString());
            var network = ModelFile.FromJson($"{path} (network)", Required(path, root, "network").ToJsonString());
            var rows = Required(path, root, "placement")["rows"].Deserialize<int[][]>(JsonConventions.Options)
                ?? throw new InvalidDataFileException(path, "field 'placement.rows' is missing.");
            var placement = new Placement(rows);
            placement.Validate(network.Spec);
            EffectiveWeights.Mapping(network.Spec, die.Geometry);
            var evaluation = Required(path, root, "evaluation");
            var cost = Required(path, root, "cost");
            return new DeploymentRecord(steps, die, network, placement, (string?)evaluation["level"] ?? "effective-weights",
                (double)evaluation["test_error"]!, new DeploymentCost((double)cost["seconds"]!, (double)cost["hardware_aware_seconds"]!,
                    (bool)cost["needs_map"]!, (string?)cost["trains"] ?? ""));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException or NullReferenceException)
        {
            throw new InvalidDataFileException(path, $"malformed deployment ({e.Message}); {Recreate}.", e);
        }
        catch (InvalidConfigurationException e) { throw new InvalidDataFileException(path, e.Message, e); }
    }

    private static JsonNode Required(string path, JsonObject root, string field) =>
        root[field] ?? throw new InvalidDataFileException(path, $"field '{field}' is missing.");
}
