using CrossbarLab.Data;
using Onnx;

namespace CrossbarLab.Interop;

/// <summary>
/// Walks the nodes of a graph as one chain, from the encoded inputs to the output, and collects the layers:
/// MatMul/Gemm (a new layer), Mul (its gains, before its offsets), Add (its offsets), a sign-like activation (ends a
/// hidden layer), Mul by a scalar (the output scale, when nothing but pass-through nodes follows it). Identity and
/// Casts between float32 and float64 pass through; Flatten and Reshape pass through before the first layer.
/// </summary>
internal sealed class OnnxChainReader(string path, OnnxConstants constants)
{
    private const string Supported =
        "CrossbarLab reads chains of MatMul/Gemm, Mul (gains), Add, Sign or Greater/Less + Where, and a final Mul by " +
        "a scalar";

    private sealed class Draft(int inputs, int outputs, float[] weights)
    {
        public int Inputs { get; } = inputs;
        public int Outputs { get; } = outputs;
        public float[] Weights { get; } = weights;
        public float[]? Offsets { get; set; }
        public float[]? Gains { get; set; }
        public InputEncoding? Activation { get; set; }
    }

    /// <summary>The chain's layers, encoding, output scale and notes.</summary>
    public sealed record Result(List<OnnxLayer> Layers, InputEncoding Encoding, float OutputScale, List<string> Notes);

    private readonly List<Draft> _layers = [];
    private readonly List<string> _notes = [];
    private float? _outputScale;
    private string _current = "";
    private int _lastWork;

    /// <summary>
    /// Reads <paramref name="nodes"/> from <paramref name="start"/>, starting at tensor <paramref name="input"/>.
    /// </summary>
    public Result Read(List<NodeProto> nodes, int start, string input, string output, InputEncoding? inputEncoding)
    {
        _current = input;
        _lastWork = nodes.FindLastIndex(n => !PassThrough(n));
        for (int k = start; k < nodes.Count; k++)
        {
            var node = nodes[k];
            bool passThrough = PassThrough(node);
            if (_outputScale.HasValue && !passThrough)
                throw Fail($"node '{node.Name}' ({node.OpType}) follows the output scale; nothing may follow it.");
            var next = k + 1 < nodes.Count ? nodes[k + 1] : null;
            k += Step(node, next, k == _lastWork);
        }
        if (_current != output)
            throw Fail(
                $"the chain ends at '{_current}' but the graph's output is '{output}'; only simple chains are " +
                "supported.");
        if (_layers.Count == 0)
            throw Fail("the graph has no MatMul or Gemm layer.");
        if (_layers[^1].Activation.HasValue)
            throw Fail("the last layer ends with an activation; the output layer must give its sums (the logits).");
        return Finish(inputEncoding);
    }

    private static bool PassThrough(NodeProto node) => node.OpType is "Identity" or "Cast";

    /// <summary>
    /// Handles one node (<paramref name="last"/>: no other node but pass-through ones follows); returns how many
    /// following nodes it consumed too.
    /// </summary>
    private int Step(NodeProto node, NodeProto? next, bool last)
    {
        switch (node.OpType)
        {
            case "Identity":
                DataInput(node, 0);
                Advance(node);
                return 0;
            case "Cast" when CastsToFloat(node) || CastsToDouble(node):
                DataInput(node, 0);
                Advance(node);
                return 0;
            case "Flatten" or "Reshape" when _layers.Count == 0:
                DataInput(node, 0);
                Advance(node);
                return 0;
            case "MatMul":
                StartLayer(node, Weights(node, ConstantInput(node, 1), transpose: false));
                return 0;
            case "Gemm":
                ReadGemm(node);
                return 0;
            case "Add":
                ReadOffsets(node);
                return 0;
            case "Sign":
                OpenLayer(node).Activation = InputEncoding.PlusMinusOne;
                _notes.Add(
                    $"layer {_layers.Count - 1}: ONNX Sign gives 0 for a zero sum; CrossbarLab's sign gives +1 " +
                    "(ties fire).");
                DataInput(node, 0);
                Advance(node);
                return 0;
            case "Greater" or "GreaterOrEqual" or "Less" or "LessOrEqual":
                ReadComparison(node, next);
                return 1;
            case "Mul" when last:
                ReadOutputScale(node);
                return 0;
            case "Mul":
                ReadGains(node);
                return 0;
            default:
                throw Fail($"unsupported operator '{node.OpType}' (node '{node.Name}'); {Supported}.");
        }
    }

    private void ReadGemm(NodeProto node)
    {
        float alpha = FloatAttribute(node, "alpha", 1f);
        float beta = FloatAttribute(node, "beta", 1f);
        long transA = IntAttribute(node, "transA", 0);
        long transB = IntAttribute(node, "transB", 0);
        if (alpha != 1f || transA != 0 || (node.Input.Count > 2 && beta != 1f))
            throw Fail(
                $"Gemm node '{node.Name}' has alpha {alpha}, beta {beta}, transA {transA}; only alpha = beta = 1 " +
                "without transA is read.");
        var layer = StartLayer(node, Weights(node, ConstantInput(node, 1), transpose: transB != 0));
        if (node.Input.Count > 2 && node.Input[2].Length > 0)
            layer.Offsets = Offsets(node, node.Input[2], layer.Outputs);
    }

    private Draft StartLayer(NodeProto node, (int Inputs, int Outputs, float[] Values) weights)
    {
        if (_layers.Count > 0 && !_layers[^1].Activation.HasValue)
            throw Fail(
                $"layer {_layers.Count - 1} has no activation before node '{node.Name}' ({node.OpType}); hidden " +
                "layers end with a sign-like activation.");
        if (_layers.Count > 0 && _layers[^1].Outputs != weights.Inputs)
            throw Fail(
                $"layer {_layers.Count} (node '{node.Name}') has {weights.Inputs} inputs but layer " +
                $"{_layers.Count - 1} gives {_layers[^1].Outputs}.");
        var draft = new Draft(weights.Inputs, weights.Outputs, weights.Values);
        _layers.Add(draft);
        DataInput(node, 0);
        Advance(node);
        return draft;
    }

    private void ReadOffsets(NodeProto node)
    {
        var layer = OpenLayer(node);
        if (layer.Offsets != null)
            throw Fail(
                $"layer {_layers.Count - 1} gets a second Add (node '{node.Name}'); one offset per layer is read.");
        string other = OtherInput(node);
        layer.Offsets = Offsets(node, other, layer.Outputs);
        Advance(node);
    }

    private float[] Offsets(NodeProto node, string name, int outputs)
    {
        var dims = constants.Dims(name);
        var values = constants.Floats(name, $"offsets of layer {_layers.Count - 1}");
        bool vector = dims.Length >= 1 && dims[^1] == outputs && values.Length == outputs;
        if (values.Length == 1)
            return Enumerable.Repeat(values[0], outputs).ToArray();
        if (!vector)
            throw Fail(
                $"the offsets '{name}' of node '{node.Name}' have shape ({string.Join(", ", dims)}); ({outputs}) " +
                "was expected.");
        return values;
    }

    private void ReadGains(NodeProto node)
    {
        var layer = OpenLayer(node);
        if (layer.Gains != null || layer.Offsets != null)
            throw Fail(
                $"layer {_layers.Count - 1} gets a Mul (node '{node.Name}') after its gains or offsets; one Mul of " +
                "per-neuron gains, before the offsets, is read.");
        string name = OtherInput(node);
        var dims = constants.Dims(name);
        var values = constants.Floats(name, $"gains of layer {_layers.Count - 1}");
        if (values.Length == 1)
            layer.Gains = Enumerable.Repeat(values[0], layer.Outputs).ToArray();
        else if (dims.Length >= 1 && dims[^1] == layer.Outputs && values.Length == layer.Outputs)
            layer.Gains = values;
        else
            throw Fail(
                $"the gains '{name}' of node '{node.Name}' have shape ({string.Join(", ", dims)}); ({layer.Outputs}) " +
                "was expected.");
        Advance(node);
    }

    private void ReadComparison(NodeProto node, NodeProto? next)
    {
        var layer = OpenLayer(node);
        string thresholdName = ConstantInput(node, 1);
        float threshold = constants.Scalar(thresholdName, $"activation threshold of layer {_layers.Count - 1}");
        DataInput(node, 0);
        Advance(node);
        bool conditionMeansOn = node.OpType.StartsWith("Greater", StringComparison.Ordinal);
        (float On, float Off) values = next?.OpType switch
        {
            "Where" when next.Input.Count == 3 && next.Input[0] == _current => WhereValues(next, conditionMeansOn),
            "Cast" when next.Input.Count == 1 && next.Input[0] == _current && conditionMeansOn && CastsToFloat(next)
                => (1f, 0f),
            _ => throw Fail(
                $"the comparison node '{node.Name}' must be followed by a Where or a Cast of its result (got " +
                $"'{next?.OpType ?? "nothing"}'); {Supported}."),
        };
        layer.Activation = values switch
        {
            (1f, -1f) => InputEncoding.PlusMinusOne,
            (1f, 0f) => InputEncoding.ZeroOne,
            _ => throw Fail(
                $"the activation of layer {_layers.Count - 1} gives {values.On} when on and {values.Off} when off; " +
                "CrossbarLab needs +1/−1 or 1/0."),
        };
        bool ours = node.OpType == "GreaterOrEqual" && threshold == -OnnxGraphBuilder.TieTolerance;
        if (!ours)
            _notes.Add(
                $"layer {_layers.Count - 1}: the neuron fires when {Condition(node.OpType, threshold)}; " +
                "CrossbarLab's fires when z ≥ −0.0001.");
        Advance(next!);
    }

    private (float On, float Off) WhereValues(NodeProto where, bool conditionMeansOn)
    {
        float a = constants.Scalar(ConstantInput(where, 1), "activation value");
        float b = constants.Scalar(ConstantInput(where, 2), "activation value");
        return conditionMeansOn ? (a, b) : (b, a);
    }

    /// <summary>
    /// When a neuron fires, in words: "z ≥ t" or "z &gt; t" (a Less comparison selects the off value).
    /// </summary>
    private static string Condition(string op, float threshold)
    {
        string relation = op is "GreaterOrEqual" or "Less" ? "≥" : ">";
        return $"z {relation} {threshold}";
    }

    private void ReadOutputScale(NodeProto node)
    {
        OpenLayer(node);
        _outputScale = constants.Scalar(OtherInput(node), "output scale");
        Advance(node);
    }

    private Draft OpenLayer(NodeProto node)
    {
        if (_layers.Count == 0 || _layers[^1].Activation.HasValue)
            throw Fail($"node '{node.Name}' ({node.OpType}) does not follow a MatMul or Gemm; {Supported}.");
        return _layers[^1];
    }

    private (int, int, float[]) Weights(NodeProto node, string name, bool transpose)
    {
        var dims = constants.Dims(name);
        if (dims.Length != 2 || dims[0] < 1 || dims[1] < 1 || dims[0] > int.MaxValue || dims[1] > int.MaxValue)
            throw Fail(
                $"the weights '{name}' of node '{node.Name}' have shape ({string.Join(", ", dims)}); a matrix was " +
                "expected.");
        var values = constants.Floats(name, $"weights of layer {_layers.Count}");
        int rows = (int)dims[0];
        int columns = (int)dims[1];
        if (!transpose)
            return (rows, columns, values);
        var transposed = new float[values.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
                transposed[j * rows + i] = values[i * columns + j];
        }
        return (columns, rows, transposed);
    }

    /// <summary>
    /// Input <paramref name="index"/> of <paramref name="node"/>, which must be the chain's current tensor.
    /// </summary>
    private string DataInput(NodeProto node, int index)
    {
        if (node.Input.Count <= index || node.Input[index] != _current)
            throw Fail(
                $"node '{node.Name}' ({node.OpType}) does not take the previous step's output '{_current}'; only " +
                "simple chains are supported.");
        return _current;
    }

    /// <summary>Input <paramref name="index"/> of <paramref name="node"/>, which must be a constant.</summary>
    private string ConstantInput(NodeProto node, int index)
    {
        if (node.Input.Count <= index || !constants.Contains(node.Input[index]))
            throw Fail(
                $"input {index} of node '{node.Name}' ({node.OpType}) is not a constant; weights and thresholds " +
                "must be initializers.");
        return node.Input[index];
    }

    /// <summary>
    /// For a binary node taking the current tensor and a constant in either order: the constant's name.
    /// </summary>
    private string OtherInput(NodeProto node)
    {
        if (node.Input.Count != 2)
            throw Fail($"node '{node.Name}' ({node.OpType}) has {node.Input.Count} inputs; two were expected.");
        int data = node.Input[0] == _current ? 0 : node.Input[1] == _current ? 1 : -1;
        if (data < 0)
            throw Fail(
                $"node '{node.Name}' ({node.OpType}) does not take the previous step's output '{_current}'; only " +
                "simple chains are supported.");
        return ConstantInput(node, 1 - data);
    }

    /// <summary>Moves the chain to the single output of <paramref name="node"/>.</summary>
    private void Advance(NodeProto node)
    {
        if (node.Output.Count != 1)
            throw Fail($"node '{node.Name}' ({node.OpType}) has {node.Output.Count} outputs; one was expected.");
        _current = node.Output[0];
    }

    private bool CastsToFloat(NodeProto cast) => IntAttribute(cast, "to", 0) == OnnxTensors.FloatType;

    private bool CastsToDouble(NodeProto cast) => IntAttribute(cast, "to", 0) == OnnxTensors.DoubleType;

    private float FloatAttribute(NodeProto node, string name, float fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name)?.F ?? fallback;

    private long IntAttribute(NodeProto node, string name, long fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? fallback;

    private Result Finish(InputEncoding? inputEncoding)
    {
        var encodings = _layers.Where(l => l.Activation.HasValue).Select(l => l.Activation!.Value).Distinct().ToList();
        if (inputEncoding.HasValue && !encodings.Contains(inputEncoding.Value))
            encodings.Add(inputEncoding.Value);
        if (encodings.Count > 1)
            throw Fail("the inputs and hidden layers mix ±1 and 0/1 encodings; CrossbarLab uses one throughout.");
        var encoding = encodings.Count == 1 ? encodings[0] : InputEncoding.PlusMinusOne;
        var layers = new List<OnnxLayer>();
        for (int l = 0; l < _layers.Count; l++)
        {
            var d = _layers[l];
            bool hidden = l < _layers.Count - 1;
            layers.Add(new OnnxLayer(d.Inputs, d.Outputs, d.Weights, d.Offsets, hidden, d.Gains));
        }
        return new Result(layers, encoding, _outputScale ?? 1f, _notes);
    }

    private InvalidDataFileException Fail(string problem) => new(path, problem);
}
