using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.Interop;
using CrossbarLab.Model;
using Google.Protobuf;
using Onnx;
using Xunit.Abstractions;
using static CrossbarLab.Interop.OnnxTensors;

namespace CrossbarLab.Tests.Interop;

/// <summary>Weights from npz and ONNX files become ordinary models; what cannot be imported is refused clearly.</summary>
public sealed class WeightsImportTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-import").FullName;
    private static readonly ArrayGeometry Nist = ArrayGeometry.Nist20k;

    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    private static string Json(NetworkSpec spec) => CrossbarLab.IO.JsonConventions.ToNode(spec)!.ToJsonString();

    private static BinaryNetwork Trained(NetworkSpec spec) => BinaryNetwork.Initialize(spec, 17, 1f);

    [Fact]
    public void NpzExportThenImportGivesTheSameNetwork()
    {
        var spec = NetworkSpec.Die with { Encoding = InputEncoding.ZeroOne };
        var initial = Trained(spec);
        var offsets = new[] { TestData.RandomFloats(90, 1), TestData.RandomFloats(10, 2) };
        var network = new BinaryNetwork(spec, initial.Weights, offsets);
        ModelExport.Ideal(network).ToNpz().Save(P("m.npz"));

        var imported = WeightsImport.Import(P("m.npz"), new ImportSettings(), Nist);
        Assert.Equal(Json(spec), Json(imported.Network.Spec));
        Assert.All(imported.Layers, l => Assert.Equal(("latent", 1.0), (l.Source, l.Scale)));
        for (int l = 0; l < spec.LayerCount; l++)
        {
            Assert.Equal(network.Weights[l], imported.Network.Weights[l]);
            Assert.Equal(network.BinaryWeights(l), imported.Network.BinaryWeights(l));
            Assert.Equal(network.Offsets[l], imported.Network.Offsets[l]);
        }
    }

    [Fact]
    public void OnnxExportThenImportKeepsTheSigns()
    {
        var network = Trained(NetworkSpec.Die);
        OnnxGraphBuilder.Save(P("m.onnx"), ModelExport.Ideal(network).ToOnnx());
        var imported = WeightsImport.Import(P("m.onnx"), new ImportSettings(), Nist);
        Assert.Equal(Json(network.Spec), Json(imported.Network.Spec));
        Assert.All(imported.Layers, l => Assert.Equal("binary", l.Source));
        for (int l = 0; l < 2; l++)
            Assert.Equal(network.BinaryWeights(l), imported.Network.BinaryWeights(l));
    }

    [Fact]
    public void RealWeightsBecomeScaledLatentWeightsAndRealDigitalLayersKeepTheirFunction()
    {
        var w0 = TestData.RandomFloats(100 * 90, 5, -3f, 2f);
        var w1 = TestData.RandomFloats(90 * 10, 6, -0.7f, 0.7f);
        var b1 = TestData.RandomFloats(10, 7, -2f, 2f);
        new NpzArchive()
            .Add("layer0_weights", new NpyArray(Array.ConvertAll(w0, v => (double)v), 100, 90))
            .Add("layer1_weights", new NpyArray(w1, 90, 10))
            .Add("layer1_offsets", NpyArray.Vector(b1))
            .Save(P("real.npz"));
        var settings = new ImportSettings(Threshold: 0.3, OnDie: OnDie.First, DigitalLayers: DigitalLayers.Real);

        var imported = WeightsImport.Import(P("real.npz"), settings, Nist);
        var network = imported.Network;
        output.WriteLine(string.Join("\n", imported.Notes));
        Assert.Equal("real", imported.Layers[0].Source);
        Assert.Equal(w0.Max(Math.Abs), imported.Layers[0].Scale, 6);
        Assert.Equal(w1.Max(Math.Abs), imported.Layers[1].Scale, 6);
        Assert.Equal(0.3, network.Spec.Threshold);
        Assert.True(network.Weights.All(w => w.All(v => v >= -1f && v <= 1f)));
        Assert.Equal(Array.ConvertAll(w0, v => v >= 0 ? 1f : -1f), network.BinaryWeights(0));

        // The real layer computes the file's sums divided by its scale: the same classes as the file's network.
        var data = TestData.RandomSet(500, 100, 8);
        float[] signs0 = Array.ConvertAll(w0, v => v >= 0 ? 1f : -1f);
        int[] file = new DenseEvaluator(new CpuCompute()).Predict([signs0, w1], [100, 90, 10], data, [[], b1]);
        int[] ours = new DenseEvaluator(new CpuCompute()).Predict(
            [network.IdealWeights(0), network.IdealWeights(1)], [100, 90, 10], data, network.Offsets);
        Assert.Equal(file, ours);
        Assert.Equal(network.Spec.OutputScale, (float)(1.0 * imported.Layers[1].Scale), 6);
    }

    [Fact]
    public void ForeignOnnxChainsAreReadAndOtherOperatorsNamed()
    {
        File.WriteAllBytes(P("chain.onnx"), Chain("Sign").ToByteArray());
        var imported = WeightsImport.Import(P("chain.onnx"), new ImportSettings(Threshold: 0.25), Nist);
        Assert.Equal("100-90-10", imported.Network.Spec.Shape);
        Assert.Contains(imported.Notes, n => n.Contains("Sign gives 0"));
        Assert.Equal(0.2f, imported.Network.Spec.OutputScale);

        File.WriteAllBytes(P("relu.onnx"), Chain("Relu").ToByteArray());
        var e = Assert.Throws<InvalidDataFileException>(
            () => WeightsImport.Import(P("relu.onnx"), new ImportSettings(Threshold: 0.25), Nist));
        Assert.Contains("unsupported operator 'Relu'", e.Message);
    }

    /// <summary>Gemm (transposed weights, bias), an activation, MatMul, Mul by 0.2: 100-90-10.</summary>
    private static ModelProto Chain(string activation)
    {
        var graph = new GraphProto { Name = "elsewhere" };
        graph.Input.Add(FloatValue("x", "N", 100));
        graph.Initializer.Add(Floats("w0t", TestData.RandomSigns(9000, 1), 90, 100));
        graph.Initializer.Add(Floats("b0", TestData.RandomFloats(90, 2), 90));
        graph.Initializer.Add(Floats("w1", TestData.RandomSigns(900, 3), 90, 10));
        graph.Initializer.Add(Floats("s", [0.2f]));
        graph.Node.Add(Node("Gemm", "fc0", ["x", "w0t", "b0"], "z0", Int("transB", 1)));
        graph.Node.Add(Node(activation, "act", ["z0"], "h0"));
        graph.Node.Add(Node("MatMul", "fc1", ["h0", "w1"], "z1"));
        graph.Node.Add(Node("Mul", "scale", ["z1", "s"], "y"));
        graph.Output.Add(FloatValue("y", "N", 10));
        var model = new ModelProto { IrVersion = 8, Graph = graph, ProducerName = "elsewhere" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model;
    }

    public static TheoryData<string, string, string> Refused() => new()
    {
        { "NaN weight", "nan", "NaN" },
        { "shapes that do not chain", "chain", "layer 1 has 80 inputs but layer 0 has 90 outputs" },
        { "eleven classes", "classes", "MNIST has 10 classes" },
        { "a network too large for the die", "large", "does not fit the array" },
        { "a setting the file contradicts", "contradiction", "the weights file says 0.25" },
        { "a placement the file contradicts", "placement", "import.on_die first: the weights file says all;" },
        { "no layers", "empty", "has no layer weights" },
        { "string weights", "strings", "holds strings" },
        { "a latent weight outside [−1, 1]", "latent", "outside the latent range" },
        { "a pickled entry", "pickle", "never unpickles" },
        { "another layout version", "version", "of another layout version" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void RefusesWhatCannotBeImported(string what, string damage, string expected)
    {
        string path = P(damage + ".npz");
        var settings = new ImportSettings();
        switch (damage)
        {
            case "nan":
                var w = TestData.RandomSigns(9000, 1);
                w[123] = float.NaN;
                Layers(path, new NpyArray(w, 100, 90), Matrix(90, 10));
                break;
            case "chain":
                Layers(path, Matrix(100, 90), Matrix(80, 10));
                break;
            case "classes":
                Layers(path, Matrix(100, 90), Matrix(90, 11));
                break;
            case "large":
                Layers(path, Matrix(784, 2048), Matrix(2048, 10));
                settings = new ImportSettings(Threshold: 0.3);
                break;
            case "contradiction":
                ModelExport.Ideal(Trained(NetworkSpec.Die)).ToNpz().Save(path);
                settings = new ImportSettings(Threshold: 0.5);
                break;
            case "placement":
                ModelExport.Ideal(Trained(NetworkSpec.Die)).ToNpz().Save(path);
                settings = new ImportSettings(OnDie: OnDie.First);
                break;
            case "empty":
                new NpzArchive().Add("fc1.weight", Matrix(10, 100)).Save(path);
                break;
            case "strings":
                new NpzArchive().Add("layer0_weights", new NpyArray(new[] { "a", "b" }, 1, 2)).Save(path);
                break;
            case "latent":
                new NpzArchive().Add("layer0_latent", new NpyArray(new float[] { 2f, 0f }, 1, 2)).Save(path);
                break;
            case "version":
                var exported = ModelExport.Ideal(Trained(NetworkSpec.Die)).ToNpz();
                var newer = new NpzArchive();
                foreach (string name in exported.Names)
                    newer.Add(name, name == "version" ? new NpyArray(new[] { 2 }) : exported[name]);
                newer.Save(path);
                break;
            case "pickle":
                File.WriteAllBytes(path, NpzArchiveTests.Zip(false, ("layer0_weights.npy", [0x80, 0x04, 0x95, 0])));
                break;
        }
        if (damage is "nan" or "chain" or "classes" or "empty")
            settings = new ImportSettings(Threshold: 0.3);
        var e = Assert.ThrowsAny<CrossbarLabException>(() => WeightsImport.Import(path, settings, Nist));
        output.WriteLine($"{what}: {e.Message}");
        Assert.Contains(expected, e.Message);
    }

    private static NpyArray Matrix(int inputs, int outputs) =>
        new(TestData.RandomSigns(inputs * outputs, (ulong)inputs), inputs, outputs);

    private static void Layers(string path, NpyArray first, NpyArray second) =>
        new NpzArchive().Add("layer0_weights", first).Add("layer1_weights", second).Save(path);
}
