using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Deployment;
using CrossbarLab.Devices;
using CrossbarLab.Evaluation;
using CrossbarLab.Experiments;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Tests.Interop;

/// <summary>The tests that share one <see cref="ExportFixture"/> (built once, for all of them).</summary>
[CollectionDefinition("export")]
public class ExportCollection : ICollectionFixture<ExportFixture>;

/// <summary>
/// What the export tests share: a briefly trained die-sized model (through <see cref="Lab.Train"/>), two dies of the
/// reference population, a deployment file of the model on die 0 (placement, calibration, fine-tuning, refit), and
/// MNIST's test set, raw and preprocessed.
/// </summary>
public sealed class ExportFixture : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("crossbar-export").FullName;
    public BinaryNetwork Model { get; }
    public string ModelPath => Path.Combine(Folder, "train", "model.json");
    public IReadOnlyList<Die> Dies { get; }
    public IReadOnlyList<string> DiePaths { get; }
    public string DeploymentPath => Path.Combine(Folder, "deployment.json");
    public ImageSet TestImages { get; }
    public EncodedSet Test { get; }
    public ICompute Compute { get; } = new CpuCompute();

    public ExportFixture()
    {
        var config = TestConfigs.Tiny(3, 2, 4);
        new Lab(config with { Training = config.Training with { Epochs = 2, TrainLimit = 5000 } })
            .Train(Path.Combine(Folder, "train"));
        Model = ModelFile.Load(ModelPath);
        var fab = new Fab(DefectStatistics.Reference, DeviceModel.SttMram, ArrayGeometry.Nist20k);
        Dies = [fab.MakeDie(0, 11), fab.MakeDie(1, 11)];
        DiePaths = Dies.Select(d => Path.Combine(Folder, d.Name + ".json")).ToList();
        for (int d = 0; d < Dies.Count; d++)
            DieFile.Save(Dies[d], DiePaths[d]);
        string mnist = Mnist.FindFolder();
        TestImages = Mnist.LoadTest(mnist);
        Test = Model.Spec.Preprocessing.Apply(TestImages);
        var train = Model.Spec.Preprocessing.Apply(Mnist.LoadTrain(mnist)).Take(5000);
        var steps = new DeploymentSettings(Calibrate: true, Refit: true, Place: true, FinetuneSteps: 20);
        var deployer = new Deployer(steps, train, 1000, config.Training, 5, Compute);
        var deployed = deployer.Deploy(Model, Dies[0]);
        double error = deployer.Error(deployed, Test);
        var cost = new DeploymentCost(deployed.Seconds, 1, steps.NeedsMap, steps.Trains);
        DeploymentFile.Save(new DeploymentRecord(steps, Dies[0], deployed.Network, deployed.Placement,
            "effective-weights", error, cost), DeploymentPath);
    }

    /// <summary>The classes CrossbarLab's effective-weight evaluation predicts for the test set on a die.</summary>
    public int[] DieClasses(BinaryNetwork network, Die die, EncodedSet test)
    {
        var weights = EffectiveWeights.For(network, die, EffectiveWeights.Mapping(network.Spec, die.Geometry));
        return new DenseEvaluator(Compute).Predict(weights, network.Spec.Widths, test, network.Offsets, network.Gains);
    }

    /// <summary>The classes CrossbarLab's ideal (bit-packed) inference predicts.</summary>
    public int[] IdealClasses(BinaryNetwork network, EncodedSet test)
    {
        var inference = new PackedInference(network, Compute);
        int classes = network.Spec.Outputs;
        var result = new int[test.Count];
        for (int start = 0; start < test.Count; start += PackedInference.ChunkSize)
        {
            int n = Math.Min(PackedInference.ChunkSize, test.Count - start);
            var sums = inference.Forward(test.Packed.AsSpan(start * test.WordsPerSample, n * test.WordsPerSample),
                test.Inputs.AsSpan(start * test.Features, n * test.Features), n);
            for (int i = 0; i < n; i++)
                result[start + i] = Signs.ArgMax(sums.Slice(i * classes, classes));
        }
        return result;
    }

    /// <summary>Plain argmax (first maximum) of each row of logits, as any ONNX user computes the class.</summary>
    public static int[] ArgMax(float[] logits, int classes)
    {
        var result = new int[logits.Length / classes];
        for (int i = 0; i < result.Length; i++)
        {
            var row = logits.AsSpan(i * classes, classes);
            int best = 0;
            for (int k = 1; k < classes; k++)
                best = row[k] > row[best] ? k : best;
            result[i] = best;
        }
        return result;
    }

    public void Dispose() => Directory.Delete(Folder, true);
}
