using CrossbarLab.IO;
using CrossbarLab.Data;
using System.Globalization;
using Google.Protobuf;
using Onnx;
using static CrossbarLab.Interop.OnnxTensors;

namespace CrossbarLab.Interop;

/// <summary>
/// Builds the ONNX model (opset 13, IR version 7) of an <see cref="OnnxNetwork"/>: input <c>images</c> (float32
/// [N,1,28,28], raw pixels 0–255, N dynamic), output <c>logits</c> (float32 [N, classes]). The preprocessing reproduces
/// CrossbarLab's downsampling and threshold bit for bit (see <see cref="OnnxPreprocessing"/>); each layer is a MatMul
/// by its weights, an optional Mul by its gains, an optional Add of its offsets, and for hidden layers
/// GreaterOrEqual(−1e-4) + Where, because ONNX's Sign gives 0 at 0 where CrossbarLab's sign gives +1 (ties fire); the
/// logits are the last sums times the output scale.
/// <para>
/// The gain Mul, the offset Add and the scale Mul are each done in float64 between two Casts. ONNX Runtime's default
/// optimisations would otherwise fuse a MatMul with a following scalar Mul (into one GEMM with alpha) or Add (into a
/// Gemm with bias) and change the rounding: on MNIST with the 784-512-10 preset, 91 % of the logits came out
/// different in the last bits. A Cast stops the fusion, and the result is still exactly float32's: the sum or product
/// of two float32 values rounded once to float64 and then to float32 equals the float32 operation, since
/// 53 ≥ 2·24 + 2 bits (double rounding is innocuous). With ±1 (or other small integer) weights and inputs every
/// MatMul sum is an exact integer, so the logits equal CrossbarLab's in any runtime. A layer with real weights (a
/// die's effective weights, a real digital layer) multiplies in float64: its sums are then exact (the weights' bits
/// span far fewer than 53) whatever order the runtime sums in, so sums that are equal in exact arithmetic — two
/// classes whose defects add the same value — come out equal, and ties go to the first class as CrossbarLab's do;
/// CrossbarLab's float32 sums differ from them only in the last bits.
/// </para>
/// </summary>
public static class OnnxGraphBuilder
{
    /// <summary>The ai.onnx operator set the graph uses.</summary>
    public const int OpsetVersion = 13;

    /// <summary>The IR version that goes with opset 13 (ONNX 1.8).</summary>
    public const long IrVersion = 7;

    /// <summary>Name of the graph input.</summary>
    public const string InputName = "images";

    /// <summary>Name of the graph output.</summary>
    public const string OutputName = "logits";

    /// <summary>
    /// Neurons fire when their sum is at least −TieTolerance (CrossbarLab.Compute.Signs.TieTolerance).
    /// </summary>
    public const float TieTolerance = 1e-4f;

    /// <summary>The value of the reserved metadata key "crossbarlab.format".</summary>
    public const string FormatName = "crossbarlab.onnx";

    internal const string FormatKey = "crossbarlab.format";
    internal const string VersionKey = "crossbarlab.version";
    internal const string ImageSizeKey = "crossbarlab.image_size";
    internal const string ThresholdKey = "crossbarlab.threshold";
    internal const string EncodingKey = "crossbarlab.encoding";
    internal const string ActivationThresholdName = "activation.threshold";
    internal const string OutputScaleName = "output_scale";

    /// <summary>
    /// The ONNX model of <paramref name="network"/>; throws <see cref="ArgumentException"/> if it is inconsistent.
    /// </summary>
    public static ModelProto Build(OnnxNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.Validate();
        var graph = new GraphProto { Name = "crossbarlab_bnn" };
        graph.Input.Add(FloatValue(InputName, "N", 1, OnnxNetwork.SourceSize, OnnxNetwork.SourceSize));
        var (nodes, initializers) =
            OnnxPreprocessing.Build(InputName, network.ImageSize, network.Threshold, network.Encoding);
        graph.Node.AddRange(nodes);
        graph.Initializer.AddRange(initializers);
        graph.Initializer.Add(Floats(ActivationThresholdName, [-TieTolerance]));
        graph.Initializer.Add(Doubles(OutputScaleName, [network.OutputScale]));
        string current = OnnxPreprocessing.EncodedName;
        for (int l = 0; l < network.Layers.Count; l++)
            current = AddLayer(graph, network.Layers[l], l, current);
        AddInDouble(graph, "Mul", "output.scale", current, OutputScaleName, OutputName);
        graph.Output.Add(FloatValue(OutputName, "N", network.Layers[^1].Outputs));
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "CrossbarLab",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        foreach (var (key, value) in Metadata(network))
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    /// <summary>The serialised model (deterministic: the same network gives the same bytes).</summary>
    public static byte[] ToBytes(OnnxNetwork network) => Build(network).ToByteArray();

    /// <summary>Writes the model to <paramref name="path"/> (through a temporary file that is renamed).</summary>
    public static void Save(string path, OnnxNetwork network) => AtomicFile.WriteAllBytes(path, ToBytes(network));

    /// <summary>The encoding's name in the metadata.</summary>
    internal static string EncodingText(InputEncoding encoding) =>
        encoding == InputEncoding.PlusMinusOne ? "plus-minus-one" : "zero-one";

    private static string AddLayer(GraphProto graph, OnnxLayer layer, int index, string input)
    {
        string prefix = "layer" + index.ToString(CultureInfo.InvariantCulture);
        if (Array.TrueForAll(layer.Weights, w => w == MathF.Round(w)))
        {
            graph.Initializer.Add(Floats(prefix + ".weights", layer.Weights, layer.Inputs, layer.Outputs));
            graph.Node.Add(Node("MatMul", prefix + ".matmul", [input, prefix + ".weights"], prefix + ".sums"));
        }
        else
        {
            double[] weights = Array.ConvertAll(layer.Weights, v => (double)v);
            graph.Initializer.Add(Doubles(prefix + ".weights", weights, layer.Inputs, layer.Outputs));
            AddInDouble(graph, "MatMul", prefix + ".matmul", input, prefix + ".weights", prefix + ".sums");
        }
        string sums = prefix + ".sums";
        if (layer.Gains != null)
        {
            double[] gains = Array.ConvertAll(layer.Gains, v => (double)v);
            graph.Initializer.Add(Doubles(prefix + ".gains", gains, layer.Outputs));
            AddInDouble(graph, "Mul", prefix + ".gain", sums, prefix + ".gains", prefix + ".gained_sums");
            sums = prefix + ".gained_sums";
        }
        if (layer.Offsets != null)
        {
            double[] offsets = Array.ConvertAll(layer.Offsets, v => (double)v);
            graph.Initializer.Add(Doubles(prefix + ".offsets", offsets, layer.Outputs));
            AddInDouble(graph, "Add", prefix + ".offset", sums, prefix + ".offsets", prefix + ".offset_sums");
            sums = prefix + ".offset_sums";
        }
        if (!layer.Hidden)
            return sums;
        graph.Node.Add(Node("GreaterOrEqual", prefix + ".fire", [sums, ActivationThresholdName], prefix + ".fires"));
        string[] inputs = [prefix + ".fires", OnnxPreprocessing.OnName, OnnxPreprocessing.OffName];
        graph.Node.Add(Node("Where", prefix + ".activate", inputs, prefix + ".outputs"));
        return prefix + ".outputs";
    }

    /// <summary>
    /// output = float32(double(input) op constant) with a float64 constant that holds float32 values: for Add and Mul
    /// exactly the float32 operation, in a form no runtime fuses into the preceding MatMul; for MatMul, float64 sums.
    /// </summary>
    private static void AddInDouble(
        GraphProto graph, string op, string name, string input, string constant, string output)
    {
        graph.Node.Add(Node("Cast", name + ".to_double", [input], name + ".input_f64", Int("to", DoubleType)));
        graph.Node.Add(Node(op, name, [name + ".input_f64", constant], name + ".result_f64"));
        graph.Node.Add(Node("Cast", name + ".to_float", [name + ".result_f64"], output, Int("to", FloatType)));
    }

    private static SortedDictionary<string, string> Metadata(OnnxNetwork network)
    {
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [FormatKey] = FormatName,
            [VersionKey] = "1",
            [ImageSizeKey] = network.ImageSize.ToString(CultureInfo.InvariantCulture),
            [ThresholdKey] = network.Threshold.ToString("R", CultureInfo.InvariantCulture),
            [EncodingKey] = EncodingText(network.Encoding),
        };
        foreach (var (key, value) in network.Metadata)
            metadata[key] = value;
        return metadata;
    }
}
