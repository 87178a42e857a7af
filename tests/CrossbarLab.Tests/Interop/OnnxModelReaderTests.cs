using CrossbarLab.Data;
using CrossbarLab.Interop;
using Google.Protobuf;
using Onnx;
using Xunit.Abstractions;
using static CrossbarLab.Interop.OnnxTensors;

namespace CrossbarLab.Tests.Interop;

public class OnnxModelReaderTests(ITestOutputHelper output)
{
    private const string Path = "model.onnx";

    private static OnnxNetwork Deep(InputEncoding encoding) => new(
        ImageSize: 4,
        Threshold: 0.3,
        Encoding: encoding,
        Layers:
        [
            new OnnxLayer(16, 6, TestData.RandomSigns(96, 1), TestData.RandomFloats(6, 2), Hidden: true),
            new OnnxLayer(6, 5, TestData.RandomFloats(30, 3), null, Hidden: true),
            new OnnxLayer(5, 10, TestData.RandomSigns(50, 4), [0.5f, 0, 0, 0, 0, 0, 0, 0, 0, -0.5f], Hidden: false),
        ],
        OutputScale: 0.125f,
        Metadata: new Dictionary<string, string> { ["die"] = "die-07", ["note"] = "ünïcode ✓" });

    [Theory]
    [InlineData(InputEncoding.PlusMinusOne)]
    [InlineData(InputEncoding.ZeroOne)]
    public void RoundTripsTheBuildersGraphs(InputEncoding encoding)
    {
        var network = Deep(encoding);
        byte[] bytes = OnnxGraphBuilder.ToBytes(network);
        var read = OnnxModelReader.Parse(bytes, Path);
        Assert.True(read.HasPreprocessing);
        Assert.Equal(4, read.ImageSize);
        Assert.Equal(0.3, read.Threshold);
        Assert.Equal(encoding, read.Encoding);
        Assert.Equal(0.125f, read.OutputScale);
        Assert.Equal(network.Metadata, read.Metadata);
        Assert.Empty(read.Notes);
        Assert.Equal(network.Layers.Count, read.Layers.Count);
        for (int l = 0; l < network.Layers.Count; l++)
        {
            var (a, b) = (network.Layers[l], read.Layers[l]);
            Assert.Equal((a.Inputs, a.Outputs, a.Hidden), (b.Inputs, b.Outputs, b.Hidden));
            Assert.Equal(a.Weights, b.Weights);
            Assert.Equal(a.Offsets, b.Offsets);
        }
        Assert.Equal(bytes, OnnxGraphBuilder.ToBytes(read.ToNetwork()));
    }

    [Fact]
    public void ReadsSavedFiles()
    {
        string dir = Directory.CreateTempSubdirectory("crossbar-onnx").FullName;
        try
        {
            string path = System.IO.Path.Combine(dir, "model.onnx");
            OnnxGraphBuilder.Save(path, Deep(InputEncoding.PlusMinusOne));
            Assert.Equal(3, OnnxModelReader.Read(path).Layers.Count);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>
    /// A hand-made graph: one float input "x" of <paramref name="inputs"/> features and one output "y".
    /// </summary>
    private static ModelProto Graph(int inputs, Action<GraphProto> build, string outputName = "y")
    {
        var graph = new GraphProto { Name = "plain" };
        graph.Input.Add(FloatValue("x", "N", inputs));
        build(graph);
        graph.Output.Add(FloatValue(outputName, "N", 10));
        var model = new ModelProto { IrVersion = 8, Graph = graph, ProducerName = "someone else" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model;
    }

    private static void Add(
        GraphProto g, string op, string[] inputs, string output, params AttributeProto[] attributes) =>
        g.Node.Add(Node(op, op.ToLowerInvariant() + "_" + output, inputs, output, attributes));

    private static float[] Ramp(int n) => Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 1f : -1f).ToArray();

    /// <summary>
    /// A plain chain: MatMul, Add, Sign, MatMul, Identity, Mul by 0.25 (9 inputs, 3 hidden, 10 outputs).
    /// </summary>
    internal static ModelProto PlainChain() => Graph(9, g =>
        {
            g.Initializer.Add(Floats("w0", Ramp(27), 9, 3));
            g.Initializer.Add(Floats("b0", [0.5f, -0.5f, 0f], 1, 3));
            g.Initializer.Add(Floats("w1", Ramp(30), 3, 10));
            g.Initializer.Add(Floats("s", [0.25f]));
            Add(g, "MatMul", ["x", "w0"], "z0");
            Add(g, "Add", ["b0", "z0"], "a0");
            Add(g, "Sign", ["a0"], "h0");
            Add(g, "MatMul", ["h0", "w1"], "z1");
            Add(g, "Identity", ["z1"], "i1");
            Add(g, "Mul", ["i1", "s"], "y");
        });

    [Fact]
    public void ReadsAPlainChainWithSign()
    {
        var read = OnnxModelReader.Parse(PlainChain().ToByteArray(), Path);
        Assert.False(read.HasPreprocessing);
        Assert.Equal([(9, 3, true), (3, 10, false)], read.Layers.Select(l => (l.Inputs, l.Outputs, l.Hidden)));
        Assert.Equal(Ramp(27), read.Layers[0].Weights);
        Assert.Equal([0.5f, -0.5f, 0f], read.Layers[0].Offsets!);
        Assert.Equal(0.25f, read.OutputScale);
        Assert.Equal(InputEncoding.PlusMinusOne, read.Encoding);
        Assert.Contains("Sign gives 0", Assert.Single(read.Notes));
        var network = read.ToNetwork(threshold: 0.4);
        Assert.Equal(3, network.ImageSize);
        Assert.Throws<InvalidOperationException>(() => read.ToNetwork());
    }

    [Fact]
    public void ReadsGemmWithTransposedWeightsConstantsAndComparisons()
    {
        float[] transposed = Enumerable.Range(0, 8).Select(i => (float)(i + 1)).ToArray(); // B is 2 × 4 (out × in)
        var model = Graph(4, g =>
        {
            g.Node.Add(Node("Constant", "const_b", [], "b", new AttributeProto
            {
                Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = Floats("", transposed, 2, 4),
            }));
            g.Node.Add(Node("Constant", "const_t", [], "t", new AttributeProto
            {
                Name = "value_float", Type = AttributeProto.Types.AttributeType.Float, F = -0.5f,
            }));
            g.Initializer.Add(Floats("c", [1f, 2f], 2));
            g.Initializer.Add(Floats("on", [-1f]));
            g.Initializer.Add(Floats("off", [1f]));
            g.Initializer.Add(Floats("w1", Ramp(20), 2, 10));
            g.Initializer.Add(Floats("shape", [4f]));
            Add(g, "Flatten", ["x"], "flat", Int("axis", 1));
            Add(g, "Gemm", ["flat", "b", "c"], "z0", Int("transB", 1));
            Add(g, "Less", ["z0", "t"], "neg");
            Add(g, "Where", ["neg", "on", "off"], "h0");
            Add(g, "MatMul", ["h0", "w1"], "y");
        });
        var read = OnnxModelReader.Parse(model.ToByteArray(), Path);
        var first = read.Layers[0];
        Assert.Equal((4, 2), (first.Inputs, first.Outputs));
        Assert.Equal([1f, 5f, 2f, 6f, 3f, 7f, 4f, 8f], first.Weights);
        Assert.Equal([1f, 2f], first.Offsets!);
        Assert.Equal(1f, read.OutputScale);
        Assert.Contains("z ≥ -0.5", Assert.Single(read.Notes));
        Assert.Equal(2, read.ToNetwork(imageSize: 2, threshold: 0.5).ImageSize);
    }

    [Fact]
    public void ReadsAZeroOneStepActivation()
    {
        var model = Graph(4, g =>
        {
            g.Initializer.Add(Floats("w0", Ramp(12), 4, 3));
            g.Initializer.Add(Floats("t", [-0.0001f]));
            g.Initializer.Add(Floats("w1", Ramp(30), 3, 10));
            Add(g, "MatMul", ["x", "w0"], "z0");
            Add(g, "GreaterOrEqual", ["z0", "t"], "fires");
            Add(g, "Cast", ["fires"], "h0", Int("to", FloatType));
            Add(g, "MatMul", ["h0", "w1"], "y");
        });
        var read = OnnxModelReader.Parse(model.ToByteArray(), Path);
        Assert.Equal(InputEncoding.ZeroOne, read.Encoding);
        Assert.Empty(read.Notes);
    }

    private static byte[] Edited(Action<ModelProto> edit)
    {
        var model = OnnxGraphBuilder.Build(Deep(InputEncoding.PlusMinusOne));
        edit(model);
        return model.ToByteArray();
    }

    private static byte[] Plain(Action<GraphProto> middle, int hiddenWeights = 12) => Graph(4, g =>
    {
        g.Initializer.Add(Floats("w0", Ramp(hiddenWeights), 4, hiddenWeights / 4));
        g.Initializer.Add(Floats("w1", Ramp(30), 3, 10));
        Add(g, "MatMul", ["x", "w0"], "z0");
        middle(g);
        Add(g, "MatMul", ["h0", "w1"], "y");
    }).ToByteArray();

    public static TheoryData<string, byte[], string> Refused() => new()
    {
        { "Relu activation", Plain(g => Add(g, "Relu", ["z0"], "h0")), "unsupported operator 'Relu' (node 'relu_h0')" },
        { "Conv first", Graph(4, g =>
            {
                g.Initializer.Add(Floats("k", [1f], 1, 1, 1, 1));
                Add(g, "Conv", ["x", "k"], "y");
            }).ToByteArray(), "unsupported operator 'Conv'" },
        { "custom domain", Plain(g => g.Node.Add(new NodeProto
            {
                OpType = "BinarySign", Domain = "com.example", Name = "bs", Input = { "z0" }, Output = { "h0" },
            })), "unsupported operator 'com.example.BinarySign'" },
        { "external data", Edited(m =>
            {
                var w = m.Graph.Initializer.First(t => t.Name == "layer0.weights");
                w.DataLocation = TensorProto.Types.DataLocation.External;
                w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
                w.RawData = ByteString.Empty;
            }), "tensor 'layer0.weights' keeps its data in an external file" },
        { "NaN weight", Edited(m =>
            {
                var w = m.Graph.Initializer.First(t => t.Name == "layer1.weights"); // real weights: float64
                var values = w.RawData.ToByteArray();
                BitConverter.GetBytes(double.NaN).CopyTo(values, 16);
                w.RawData = ByteString.CopyFrom(values);
            }), "element 2 is NaN" },
        { "infinite output scale", Edited(m =>
            {
                var s = m.Graph.Initializer.First(t => t.Name == "output_scale");
                s.RawData = ByteString.CopyFrom(BitConverter.GetBytes(double.PositiveInfinity));
            }), "output scale) element 0 is +infinity" },
        { "weights shorter than their shape", Edited(m =>
            {
                var w = m.Graph.Initializer.First(t => t.Name == "layer0.weights");
                w.RawData = ByteString.CopyFrom(w.RawData.Span[..^4]);
            }), "declares 96 elements by its shape but holds 95" },
        { "layers that do not chain", Plain(g =>
            {
                g.Initializer.Add(Floats("t", [0f]));
                g.Initializer.Add(Floats("p", [1f]));
                g.Initializer.Add(Floats("m", [-1f]));
                Add(g, "Greater", ["z0", "t"], "c0");
                Add(g, "Where", ["c0", "p", "m"], "h0");
            }, hiddenWeights: 16), "layer 1 (node 'matmul_y') has 3 inputs but layer 0 gives 4" },
        { "no activation between layers", Plain(g => Add(g, "Identity", ["z0"], "h0")), "layer 0 has no activation" },
        { "activation values 2 and −2", Plain(g =>
            {
                g.Initializer.Add(Floats("t", [0f]));
                g.Initializer.Add(Floats("p", [2f]));
                g.Initializer.Add(Floats("m", [-2f]));
                Add(g, "Greater", ["z0", "t"], "c0");
                Add(g, "Where", ["c0", "p", "m"], "h0");
            }), "gives 2 when on and -2 when off" },
        { "weights from an input", Graph(4, g =>
            {
                g.Input.Add(FloatValue("w", 4, 10));
                Add(g, "MatMul", ["x", "w"], "y");
            }).ToByteArray(), "inputs and 1 outputs" },
        { "activation on the output", Graph(4, g =>
            {
                g.Initializer.Add(Floats("w0", Ramp(40), 4, 10));
                Add(g, "MatMul", ["x", "w0"], "z0");
                Add(g, "Sign", ["z0"], "y");
            }).ToByteArray(), "the last layer ends with an activation" },
        { "branching graph", Graph(4, g =>
            {
                g.Initializer.Add(Floats("w0", Ramp(40), 4, 10));
                Add(g, "MatMul", ["x", "w0"], "z0");
                Add(g, "Add", ["z0", "z0"], "y");
            }).ToByteArray(), "is not a constant" },
        { "edited preprocessing", Edited(m =>
            {
                var w = m.Graph.Initializer.First(t => t.Name == "preprocess.term0.weights");
                var values = w.RawData.ToByteArray();
                values[0] ^= 1;
                w.RawData = ByteString.CopyFrom(values);
            }), "its preprocessing differs from what CrossbarLab exports" },
        { "removed preprocessing node", Edited(m => m.Graph.Node.RemoveAt(3)), "its preprocessing differs" },
        {
            "future format version",
            Edited(m => m.MetadataProps.First(p => p.Key == "crossbarlab.version").Value = "2"),
            "version '2'"
        },
        { "garbage bytes", [0x08, 0x96, 0x01, 0xFF, 0xFF, 0xFF], "not an ONNX model" },
        { "text file", System.Text.Encoding.ASCII.GetBytes("hello, this is not a model"), "not an ONNX model" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void RefusesWhatItCannotImportClearly(string damage, byte[] bytes, string expected)
    {
        var e = Assert.Throws<InvalidDataFileException>(() => OnnxModelReader.Parse(bytes, Path));
        output.WriteLine($"{damage}: {e.Message}");
        Assert.Contains(expected, e.Message);
        Assert.StartsWith(Path + ": ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
