using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Devices;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.Interop;
using CrossbarLab.Model;
using Xunit.Abstractions;

namespace CrossbarLab.Tests.Interop;

/// <summary>
/// The network switches in the exported graph: 0/1 inputs with offsets, first-layer-only placement with real digital
/// layers, per-neuron gains. Random networks (the parity holds for any weights) on all MNIST test images, ideal and on
/// a die, against CrossbarLab's own inference.
/// </summary>
[Trait("data", "mnist")]
public class ExportSwitchesTests(ITestOutputHelper output)
{
    private static readonly Lazy<ImageSet> Images = new(() => Mnist.LoadTest(Mnist.FindFolder()));
    private static readonly Die Die =
        new Fab(DefectStatistics.Reference, DeviceModel.SttMram, ArrayGeometry.Nist20k).MakeDie(4, 21);

    public static TheoryData<string> Switches => ["zero-one+offsets", "first+real+gains", "all+gains+zero-one"];

    [Theory]
    [MemberData(nameof(Switches))]
    public void ExportedGraphPredictsWhatCrossbarLabPredicts(string switches)
    {
        var network = Network(switches);
        var test = network.Spec.Preprocessing.Apply(Images.Value);
        var pixels = OnnxRunner.Pixels(Images.Value.Pixels);
        var compute = new CpuCompute();

        var ideal = OnnxGraphBuilder.ToBytes(ModelExport.Ideal(network).ToOnnx());
        int[] onnxIdeal = ExportFixture.ArgMax(OnnxRunner.Run(ideal, pixels, test.Count), 10);
        var weights = Enumerable.Range(0, network.Spec.LayerCount).Select(network.IdealWeights).ToArray();
        int[] oursIdeal = new DenseEvaluator(compute).Predict(weights, network.Spec.Widths, test, network.Offsets,
            network.Gains);
        var packed = new PackedInference(network, compute);

        var onDie = OnnxGraphBuilder.ToBytes(ModelExport.OnDieOf(network, Die).ToOnnx());
        int[] onnxDie = ExportFixture.ArgMax(OnnxRunner.Run(onDie, pixels, test.Count), 10);
        var effective = EffectiveWeights.For(network, Die, EffectiveWeights.Mapping(network.Spec, Die.Geometry));
        int[] oursDie = new DenseEvaluator(compute).Predict(effective, network.Spec.Widths, test, network.Offsets,
            network.Gains);

        output.WriteLine($"{switches}: ideal error {Error(onnxIdeal, test):P2} (packed inference " +
            $"{packed.Error(test):P2}), on {Die.Name} {Error(onnxDie, test):P2}");
        Assert.Equal(oursIdeal, onnxIdeal);
        Assert.Equal(packed.Error(test), Error(onnxIdeal, test));
        Assert.Equal(oursDie, onnxDie);
    }

    private static double Error(int[] classes, EncodedSet test) => Predictions.ErrorRate(classes, test.Labels);

    /// <summary>A 100-90-10 network with random latent weights and the given switches; offsets and gains random.</summary>
    private static BinaryNetwork Network(string switches)
    {
        var spec = NetworkSpec.Die with
        {
            Encoding = switches.Contains("zero-one") ? InputEncoding.ZeroOne : InputEncoding.PlusMinusOne,
            Offsets = switches.Contains("offsets") ? true : null,
            OnDie = switches.StartsWith("first") ? OnDie.First : OnDie.All,
            DigitalLayers = switches.Contains("real") ? DigitalLayers.Real : DigitalLayers.Binary,
        };
        var initial = BinaryNetwork.Initialize(spec, 9, 1f);
        int[] widths = spec.Widths;
        var offsets = Enumerable.Range(0, spec.LayerCount)
            .Select(l => spec.HasOffsets ? TestData.RandomFloats(widths[l + 1], (ulong)(30 + l), -3f, 3f) : [])
            .ToArray();
        var gains = Enumerable.Range(0, spec.LayerCount)
            .Select(l => switches.Contains("gains") ? TestData.RandomFloats(widths[l + 1], (ulong)(40 + l), 0.5f, 2f)
                : [])
            .ToArray();
        return new BinaryNetwork(spec, initial.Weights, offsets, gains);
    }
}
