using CrossbarLab.Deployment;
using CrossbarLab.Evaluation;
using CrossbarLab.Experiments;
using CrossbarLab.Interop;
using CrossbarLab.Model;
using Xunit.Abstractions;

namespace CrossbarLab.Tests.Interop;

/// <summary>
/// Exported ONNX models run in ONNX Runtime on all 10,000 MNIST test images predict, image for image, the class that
/// CrossbarLab's evaluation predicts: ideal, on two dies, and for a deployment file; and their error equals what
/// <c>crossbar eval</c> (<see cref="Lab.EvaluateOnDies"/>) reports.
/// </summary>
[Trait("data", "mnist")]
[Collection("export")]
public class ModelExportTests(ExportFixture fixture, ITestOutputHelper output)
{
    private float[] Pixels { get; } = OnnxRunner.Pixels(fixture.TestImages.Pixels);

    private int[] RunOnnx(ModelExport export)
    {
        byte[] model = OnnxGraphBuilder.ToBytes(export.ToOnnx());
        return ExportFixture.ArgMax(OnnxRunner.Run(model, Pixels, fixture.TestImages.Count), 10);
    }

    private int Errors(int[] classes) => classes.Where((c, i) => c != fixture.Test.Labels[i]).Count();

    [Fact]
    public void IdealNetworkPredictsWhatEvalPredicts()
    {
        int[] onnx = RunOnnx(ModelExport.Ideal(fixture.Model));
        int[] ours = fixture.IdealClasses(fixture.Model, fixture.Test);
        var eval = new Lab(RunConfig.Default with { Inputs = new InputFiles(Model: fixture.ModelPath) })
            .EvaluateOnDies();
        output.WriteLine($"ideal: {Errors(onnx)} errors in ONNX Runtime, eval reports {eval.TestError:P2}");
        Assert.Equal(ours, onnx);
        Assert.Equal(eval.TestError, (double)Errors(onnx) / onnx.Length);
    }

    [Fact]
    public void EffectiveWeightsOfTwoDiesPredictWhatEvalPredicts()
    {
        var config = RunConfig.Default with { Inputs = new InputFiles(Model: fixture.ModelPath, Dies: fixture.Folder) };
        var eval = new Lab(config).EvaluateOnDies();
        Assert.Equal(2, eval.Dies.Count);
        for (int d = 0; d < fixture.Dies.Count; d++)
        {
            var die = fixture.Dies[d];
            var export = ModelExport.OnDieOf(fixture.Model, die);
            int[] onnx = RunOnnx(export);
            int[] ours = fixture.DieClasses(fixture.Model, die, fixture.Test);
            int same = onnx.Zip(ours).Count(p => p.First == p.Second);
            output.WriteLine($"{die.Name}: same class for {same} of {onnx.Length}; {Errors(onnx)} errors in ONNX " +
                $"Runtime, eval reports {eval.Dies[d].TestError:P2}");
            Assert.Equal(die.Name, export.Metadata["die_name"]);
            Assert.Equal(ours, onnx);
            Assert.Equal(eval.Dies[d].TestError, (double)Errors(onnx) / onnx.Length);
        }
    }

    [Fact]
    public void DeploymentFilePredictsWhatItsDeploymentPredicts()
    {
        var record = DeploymentFile.Load(fixture.DeploymentPath);
        Assert.False(record.Placement.IsIdentity);
        Assert.True(record.Network.HasGains);
        var export = ModelExport.Deployed(record);
        int[] onnx = RunOnnx(export);
        int[] ours = fixture.DieClasses(record.Network, record.Die, record.Placement.PhysicalInputs(fixture.Test));
        var eval = new Lab(RunConfig.Default with { Inputs = new InputFiles(Deployment: fixture.DeploymentPath) })
            .EvaluateOnDies();
        output.WriteLine($"deployment ({record.Steps.MethodName}): {Errors(onnx)} errors in ONNX Runtime, the " +
            $"deployment file records {record.TestError:P2}, eval --deployment {eval.Dies[0].TestError:P2}");
        Assert.Equal(ours, onnx);
        Assert.Equal(record.TestError, (double)Errors(onnx) / onnx.Length);
        Assert.Equal(eval.Dies[0].TestError, (double)Errors(onnx) / onnx.Length);
        Assert.Equal(ModelExport.Checksum(record.Network), export.Metadata["model_checksum"]);
        Assert.Equal(LibraryVersion.Informational, export.Metadata["crossbarlab_version"]);
    }
}
