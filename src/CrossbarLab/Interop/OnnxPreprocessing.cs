using CrossbarLab.Data;
using System.Globalization;
using Onnx;
using static CrossbarLab.Interop.OnnxTensors;

namespace CrossbarLab.Interop;

/// <summary>
/// The preprocessing part of the exported graph, from raw pixels to encoded inputs, reproducing CrossbarLab's float
/// rounding bit for bit. A MatMul by a 784 × S² matrix sums in an order, and at a precision, chosen by the runtime's
/// GEMM kernel: with ONNX Runtime 1.31 a float64 MatMul gave float32 intensities one ulp off ours in 94 % of the MNIST
/// test images at size 10 and flipped thresholded pixels at sizes 3, 6, 9, 13 and 17. Instead the graph computes the
/// sum term by term in our order with element-wise float64 Gather, Mul and Add nodes, each of which is one correctly
/// rounded IEEE operation in any conforming runtime:
/// <code>
/// images [N,1,28,28] → Flatten → Cast(double) → Σ_t Gather(indices_t)·weights_t → Div(denominator) → Cast(float)
///   → GreaterOrEqual(threshold) → Where(on, off) = encoded [N,S²]
/// </code>
/// </summary>
internal static class OnnxPreprocessing
{
    /// <summary>Name of the encoded-input tensor the first layer reads.</summary>
    public const string EncodedName = "encoded";

    /// <summary>Name of the float32 intensity tensor (before the threshold).</summary>
    public const string IntensityName = "preprocess.intensity";

    /// <summary>Name of the scalar holding the value of an on pixel or a firing neuron.</summary>
    public const string OnName = "encoding.on";

    /// <summary>Name of the scalar holding the value of an off pixel or a silent neuron.</summary>
    public const string OffName = "encoding.off";

    /// <summary>
    /// Nodes and initializers from <paramref name="input"/> to <see cref="EncodedName"/>, in graph order.
    /// </summary>
    public static (List<NodeProto> Nodes, List<TensorProto> Initializers) Build(
        string input, int size, double threshold, InputEncoding encoding)
    {
        var (nodes, initializers) = BuildIntensity(input, size);
        initializers.Add(Floats("preprocess.threshold", [(float)threshold]));
        initializers.Add(Floats(OnName, [1f]));
        initializers.Add(Floats(OffName, [encoding == InputEncoding.PlusMinusOne ? -1f : 0f]));
        nodes.Add(Node(
            "GreaterOrEqual", "preprocess.binarise", [IntensityName, "preprocess.threshold"], "preprocess.on"));
        nodes.Add(Node("Where", "preprocess.encode", ["preprocess.on", OnName, OffName], EncodedName));
        return (nodes, initializers);
    }

    /// <summary>
    /// Nodes and initializers from <paramref name="input"/> to the float32 intensities <see cref="IntensityName"/>.
    /// </summary>
    public static (List<NodeProto> Nodes, List<TensorProto> Initializers) BuildIntensity(string input, int size)
    {
        var terms = DownsamplingTerms.For(OnnxNetwork.SourceSize, OnnxNetwork.SourceSize, size);
        var nodes = new List<NodeProto>();
        var initializers = new List<TensorProto>();
        long pixels = (long)size * size;
        nodes.Add(Node("Flatten", "preprocess.flatten", [input], "preprocess.pixels", Int("axis", 1)));
        nodes.Add(Node(
            "Cast", "preprocess.to_double", ["preprocess.pixels"], "preprocess.pixels_f64", Int("to", DoubleType)));
        string sum = "";
        for (int t = 0; t < terms.Count; t++)
        {
            string prefix = "preprocess.term" + t.ToString(CultureInfo.InvariantCulture);
            initializers.Add(Int64s(prefix + ".indices", terms.Indices[t], pixels));
            initializers.Add(Doubles(prefix + ".weights", terms.Weights[t], pixels));
            string[] gatherInputs = ["preprocess.pixels_f64", prefix + ".indices"];
            nodes.Add(Node("Gather", prefix + ".gather", gatherInputs, prefix + ".pixels", Int("axis", 1)));
            nodes.Add(Node("Mul", prefix + ".weigh", [prefix + ".pixels", prefix + ".weights"], prefix + ".product"));
            if (t == 0)
            {
                sum = prefix + ".product";
                continue;
            }
            nodes.Add(Node("Add", prefix + ".accumulate", [sum, prefix + ".product"], prefix + ".sum"));
            sum = prefix + ".sum";
        }
        initializers.Add(Doubles("preprocess.denominator", [terms.Denominator]));
        nodes.Add(Node("Div", "preprocess.average", [sum, "preprocess.denominator"], "preprocess.intensity_f64"));
        nodes.Add(Node(
            "Cast", "preprocess.to_float", ["preprocess.intensity_f64"], IntensityName, Int("to", FloatType)));
        return (nodes, initializers);
    }
}
