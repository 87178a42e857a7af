using CrossbarLab.IO;
using CrossbarLab.Data;
using System.Globalization;
using Google.Protobuf;
using Onnx;

namespace CrossbarLab.Interop;

/// <summary>
/// Imports the layers of a binary network from an ONNX model. Accepted: (a) graphs <see cref="OnnxGraphBuilder"/>
/// exports (their preprocessing is recognised by rebuilding it from the model's metadata and comparing node for node),
/// and (b) plain chains that take encoded inputs: MatMul or Gemm by a constant, an optional Add of constant offsets, a
/// sign-like activation (Sign, or Greater/GreaterOrEqual/Less/LessOrEqual against a scalar followed by Where or a Cast
/// to float) between layers, and an optional Mul by a scalar at the end; Identity, and Flatten or Reshape before the
/// first layer, pass through. Anything else is refused naming the first unsupported operator, as are tensors with
/// external data, shapes that do not chain, NaN or infinite weights, and files over
/// <see cref="InteropLimits.MaxOnnxFileBytes"/>. Every failure is an <see cref="InvalidDataFileException"/>.
/// </summary>
public static class OnnxModelReader
{
    /// <summary>Reads the ONNX model at <paramref name="path"/>.</summary>
    public static OnnxImport Read(string path) =>
        Parse(InputFile.ReadAllBytes(path, InteropLimits.MaxOnnxFileBytes), path);

    /// <summary>Parses the bytes of an ONNX model; <paramref name="path"/> names it in errors.</summary>
    public static OnnxImport Parse(byte[] bytes, string path)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length > InteropLimits.MaxOnnxFileBytes)
            throw new InvalidDataFileException(path,
                $"is {bytes.Length:N0} bytes, more than the {InteropLimits.MaxOnnxFileBytes:N0} allowed.");
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataFileException(path,
                $"not an ONNX model (the protobuf cannot be parsed: {e.Message})", e);
        }
        return Interpret(model, path);
    }

    /// <summary>
    /// Extracts the network from a parsed <paramref name="model"/>; <paramref name="path"/> names it in errors.
    /// </summary>
    public static OnnxImport Interpret(ModelProto model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        InvalidDataFileException Fail(string problem) => new(path, problem);
        if (model.IrVersion <= 0 || model.Graph is null)
            throw Fail("not an ONNX model (no IR version or no graph).");
        if (model.Functions.Count > 0)
            throw Fail($"defines {model.Functions.Count} local function(s); CrossbarLab reads only plain graphs.");
        var graph = model.Graph;
        if (graph.SparseInitializer.Count > 0)
            throw Fail("has sparse initializers, which CrossbarLab does not read.");
        var metadata = ReadMetadata(model, Fail);
        var constants = new OnnxConstants(path);
        foreach (var tensor in graph.Initializer)
            constants.Add(tensor.Name, tensor);
        var nodes = new List<NodeProto>();
        foreach (var node in graph.Node)
        {
            if (node.Domain is not ("" or "ai.onnx"))
                throw Fail(
                    $"unsupported operator '{node.Domain}.{node.OpType}' (node '{node.Name}'): only the standard " +
                    "ai.onnx operators are read.");
            if (node.OpType == "Constant")
                constants.Add(Single(node.Output, node, "output", Fail), ConstantValue(node, Fail));
            else
                nodes.Add(node);
        }
        var inputs = graph.Input.Where(i => !constants.Contains(i.Name)).ToList();
        if (inputs.Count != 1 || graph.Output.Count != 1)
            throw Fail(
                $"has {inputs.Count} inputs and {graph.Output.Count} outputs; CrossbarLab reads graphs with one of " +
                "each.");
        var chain = new OnnxChainReader(path, constants);
        int start = 0;
        string current = inputs[0].Name;
        (int Size, double Threshold, InputEncoding Encoding)? preprocessing = null;
        if (metadata.ContainsKey(OnnxGraphBuilder.FormatKey))
        {
            preprocessing = ReadPreprocessing(metadata, Fail);
            start = MatchPreprocessing(nodes, constants, current, preprocessing.Value, Fail);
            current = OnnxPreprocessing.EncodedName;
        }
        var result = chain.Read(nodes, start, current, graph.Output[0].Name, preprocessing?.Encoding);
        if (preprocessing is { } p && result.Layers[0].Inputs != p.Size * p.Size)
            throw Fail(
                $"the first layer has {result.Layers[0].Inputs} inputs but the preprocessing gives {p.Size * p.Size}.");
        var userMetadata = metadata
            .Where(kv => !kv.Key.StartsWith(OnnxNetwork.ReservedPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return new OnnxImport(result.Layers, preprocessing?.Encoding ?? result.Encoding, result.OutputScale,
            preprocessing?.Size, preprocessing?.Threshold, userMetadata, result.Notes);
    }

    private static Dictionary<string, string> ReadMetadata(
        ModelProto model, Func<string, InvalidDataFileException> fail)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in model.MetadataProps)
        {
            if (!metadata.TryAdd(entry.Key, entry.Value))
                throw fail($"the metadata key '{entry.Key}' appears twice.");
        }
        return metadata;
    }

    private static (int, double, InputEncoding) ReadPreprocessing(
        Dictionary<string, string> metadata, Func<string, InvalidDataFileException> fail)
    {
        string Get(string key) => metadata.TryGetValue(key, out var v) ? v : throw fail($"the metadata lacks '{key}'.");
        if (Get(OnnxGraphBuilder.FormatKey) != OnnxGraphBuilder.FormatName || Get(OnnxGraphBuilder.VersionKey) != "1")
            throw fail(
                $"its metadata declares format '{Get(OnnxGraphBuilder.FormatKey)}' version " +
                $"'{Get(OnnxGraphBuilder.VersionKey)}'; this CrossbarLab reads '{OnnxGraphBuilder.FormatName}' " +
                "version 1.");
        var invariant = CultureInfo.InvariantCulture;
        bool sizeOk = int.TryParse(Get(OnnxGraphBuilder.ImageSizeKey), NumberStyles.None, invariant, out int size);
        if (!sizeOk || size < 1 || size > OnnxNetwork.SourceSize)
            throw fail(
                $"the metadata's image size '{Get(OnnxGraphBuilder.ImageSizeKey)}' is not a whole number from 1 to " +
                $"{OnnxNetwork.SourceSize}.");
        string thresholdText = Get(OnnxGraphBuilder.ThresholdKey);
        bool thresholdOk = double.TryParse(thresholdText, NumberStyles.Float, invariant, out double threshold);
        if (!thresholdOk || !(threshold >= 0 && threshold <= 1))
            throw fail($"the metadata's threshold '{thresholdText}' is not a fraction in [0, 1].");
        string encodingText = Get(OnnxGraphBuilder.EncodingKey);
        var encoding = encodingText switch
        {
            "plus-minus-one" => InputEncoding.PlusMinusOne,
            "zero-one" => InputEncoding.ZeroOne,
            _ => throw fail($"the metadata's encoding '{encodingText}' is neither 'plus-minus-one' nor 'zero-one'."),
        };
        return (size, threshold, encoding);
    }

    /// <summary>
    /// Checks that the graph starts with exactly the preprocessing the builder makes; returns the next node's index.
    /// </summary>
    private static int MatchPreprocessing(List<NodeProto> nodes, OnnxConstants constants, string input,
        (int Size, double Threshold, InputEncoding Encoding) p, Func<string, InvalidDataFileException> fail)
    {
        var (expectedNodes, expectedInitializers) = OnnxPreprocessing.Build(input, p.Size, p.Threshold, p.Encoding);
        string differs =
            $"its preprocessing differs from what CrossbarLab exports for image size {p.Size}, threshold {p.Threshold}";
        for (int k = 0; k < expectedNodes.Count; k++)
        {
            if (k >= nodes.Count || !nodes[k].Equals(expectedNodes[k]))
                throw fail($"{differs} (at node {k}, expected '{expectedNodes[k].Name}'); was the graph edited?");
        }
        foreach (var tensor in expectedInitializers)
        {
            if (!constants.Contains(tensor.Name) || !constants[tensor.Name].Equals(tensor))
                throw fail($"{differs} (constant '{tensor.Name}'); was the graph edited?");
        }
        return expectedNodes.Count;
    }

    private static TensorProto ConstantValue(NodeProto node, Func<string, InvalidDataFileException> fail)
    {
        var attribute = Single(node.Attribute, node, "attribute", fail);
        string name = node.Output[0];
        return attribute.Name switch
        {
            "value" when attribute.T != null => attribute.T,
            "value_float" => OnnxTensors.Floats(name, [attribute.F]),
            "value_floats" => OnnxTensors.Floats(name, attribute.Floats.ToArray(), attribute.Floats.Count),
            _ => throw fail($"Constant node '{node.Name}' uses '{attribute.Name}', which CrossbarLab does not read."),
        };
    }

    private static T Single<T>(
        IList<T> items, NodeProto node, string what, Func<string, InvalidDataFileException> fail) =>
        items.Count == 1 ? items[0] : throw fail(
            $"node '{node.Name}' ({node.OpType}) has {items.Count} {what}s; one was expected.");
}
