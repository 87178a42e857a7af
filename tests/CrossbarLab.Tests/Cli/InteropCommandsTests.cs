using System.Text.Json.Nodes;
using CrossbarLab.Hardware;
using CrossbarLab.Interop;
using CrossbarLab.Model;
using Xunit.Abstractions;
using static CrossbarLab.Tests.Cli.CrossbarCliTests;

namespace CrossbarLab.Tests.Cli;

/// <summary>
/// <c>crossbar export</c>, <c>crossbar import</c>, <c>die export --format npz</c> and <c>die import</c> of NumPy
/// maps, end to end; bad input gets one line and exit code 1.
/// </summary>
[Collection("console")]
public sealed class InteropCommandsTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-interop-cli").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    private string Model()
    {
        var network = BinaryNetwork.Initialize(NetworkSpec.Die, 4, 1f);
        ModelFile.Save(network, P("model.json"));
        return P("model.json");
    }

    private static void Ok((int Code, string Out, string Err) run)
    {
        Assert.True(run.Code == 0, run.Err);
    }

    [Theory]
    [Trait("data", "mnist")]
    [InlineData("npz")]
    [InlineData("onnx")]
    public void ExportThenImportGivesAModelWithTheSameSignsAndTestError(string format)
    {
        string model = Model();
        Ok(Run("fab", "--dies", "1", "--out", P("dies"), "--seed", "5"));
        string file = P("model." + format);
        var export = Run("export", "--model", model, "--die", P("dies/die-00.json"), "--out", file);
        Ok(export);
        Assert.Contains("effective weights on die-00", export.Out);
        var import = Run("import", "--weights", file, "--out", P("imported"));
        Ok(import);
        output.WriteLine(import.Out);

        var original = ModelFile.Load(model);
        var imported = ModelFile.Load(P("imported/model.json"));
        if (format == "npz")
        {
            for (int l = 0; l < 2; l++)
                Assert.Equal(original.BinaryWeights(l), imported.BinaryWeights(l));
        }
        var results = JsonNode.Parse(File.ReadAllText(P("imported/results.json")))!;
        Assert.Equal(format, (string?)results["format"]);
        var before = Run("eval", "--model", model);
        var after = Run("eval", "--model", P("imported/model.json"));
        string Error(string text) => text.Split("test error ")[1].Split(" (")[0];
        if (format == "npz")
            Assert.Equal(Error(before.Out), Error(after.Out));
        Assert.Equal($"{100 * (double)results["test_error"]!:F2} %", Error(after.Out));
        // The imported model is an ordinary model: eval on dies and deploy take it.
        Ok(Run("eval", "--model", P("imported/model.json"), "--dies", P("dies")));
    }

    [Fact]
    public void DieExportToNpzAndImportGiveTheSameDefectMap()
    {
        Ok(Run("fab", "--dies", "1", "--out", P("dies"), "--seed", "8", "--network", "none", "--short-rate", "0.02",
            "--open-rate", "0.01", "--clean-fraction", "0"));
        Ok(Run("die", "export", P("dies/die-00.json"), "--out", P("die.npz")));
        var import = Run("die", "import", P("die.npz"), "--out", P("back.json"));
        Ok(import);
        var die = DieFile.Load(P("dies/die-00.json"));
        var back = DieFile.Load(P("back.json"));
        Assert.True(die.Defects.SameAs(back.Defects));
        Assert.True(die.Defects.DefectiveDevices > 0);
    }

    public static TheoryData<string, string[], string> Refused() => new()
    {
        { "export without a model", ["export", "--out", "x.onnx"], "give the model to export with --model" },
        { "export with a die and a deployment", ["export", "--model", "M", "--die", "D", "--deployment", "F", "--out",
            "x.onnx"], "not both" },
        { "export of an unknown format", ["export", "--model", "M", "--out", "x.bin"], "give --format onnx or npz" },
        { "export over an existing file", ["export", "--model", "M", "--format", "npz", "--out", "M"],
            "pass --force to overwrite" },
        { "import without weights", ["import", "--out", "o"], "--weights: give the weights file" },
        { "import of a JSON file", ["import", "--weights", "M", "--out", "o"], "neither an .npz" },
        { "import of a pickle", ["import", "--weights", "pickle.npz", "--out", "o"], "never unpickles" },
        { "import of an unsupported operator", ["import", "--weights", "relu.onnx", "--threshold", "0.3", "--out",
            "o"], "unsupported operator 'Relu'" },
        { "import of NaN weights", ["import", "--weights", "nan.npz", "--threshold", "0.3", "--out", "o"], "NaN" },
        { "import with a threshold out of range", ["import", "--weights", "nan.npz", "--threshold", "2", "--out", "o"],
            "--threshold 2: must be a fraction" },
        { "import without a threshold", ["import", "--weights", "plain.npz", "--out", "o"], "--threshold: " },
        { "die import of a 2-D array", ["die", "import", "flat.npy", "--out", "d.json"], "[tiles, rows, columns]" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void BadInputGetsOneLineAndExitCodeOne(string what, string[] arguments, string expected)
    {
        string model = Model();
        File.WriteAllBytes(P("pickle.npz"), Interop.NpzArchiveTests.Zip(false, ("layer0_weights.npy", [0x80, 4])));
        var w = TestData.RandomSigns(100 * 90, 1);
        w[5] = float.NaN;
        new NpzArchive().Add("layer0_weights", new NpyArray(w, 100, 90))
            .Add("layer1_weights", new NpyArray(TestData.RandomSigns(900, 2), 90, 10)).Save(P("nan.npz"));
        new NpzArchive().Add("layer0_weights", new NpyArray(TestData.RandomSigns(9000, 3), 100, 90))
            .Add("layer1_weights", new NpyArray(TestData.RandomSigns(900, 2), 90, 10)).Save(P("plain.npz"));
        NpyWriter.Save(P("flat.npy"), new NpyArray(new double[50 * 25], 25, 50));
        File.WriteAllBytes(P("relu.onnx"), ReluChain());
        string[] args = arguments.Select(a => a switch
        {
            "M" => model,
            "D" or "F" or "x.onnx" or "x.bin" or "o" or "d.json" or "pickle.npz" or "relu.onnx" or "nan.npz"
                or "flat.npy" or "plain.npz" => P(a),
            _ => a,
        }).ToArray();
        var (code, _, err) = Run(args);
        output.WriteLine($"{what}: {err}");
        Assert.True(code == 1, $"{what}: exit code {code}, stderr: {err}");
        Assert.Contains(expected, err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", err);
    }

    private static byte[] ReluChain()
    {
        var graph = new Onnx.GraphProto { Name = "relu" };
        graph.Input.Add(OnnxTensors.FloatValue("x", "N", 100));
        graph.Initializer.Add(OnnxTensors.Floats("w0", TestData.RandomSigns(9000, 1), 100, 90));
        graph.Initializer.Add(OnnxTensors.Floats("w1", TestData.RandomSigns(900, 2), 90, 10));
        graph.Node.Add(OnnxTensors.Node("MatMul", "fc0", ["x", "w0"], "z0"));
        graph.Node.Add(OnnxTensors.Node("Relu", "act", ["z0"], "h0"));
        graph.Node.Add(OnnxTensors.Node("MatMul", "fc1", ["h0", "w1"], "y"));
        graph.Output.Add(OnnxTensors.FloatValue("y", "N", 10));
        var model = new Onnx.ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new Onnx.OperatorSetIdProto { Domain = "", Version = 17 });
        return Google.Protobuf.MessageExtensions.ToByteArray(model);
    }
}
