using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Interop;
using CrossbarLab.Model;
using Xunit.Abstractions;

namespace CrossbarLab.Tests.Interop;

/// <summary>
/// The exported graph of a trained-size network against CrossbarLab's own bit-packed inference on the MNIST test set.
/// (The only Interop test that uses the model types; adapt it, not the exporter, when they change.)
/// </summary>
public class OnnxExportMatchesInferenceTests(ITestOutputHelper output)
{
    [Theory]
    [Trait("data", "mnist")]
    [InlineData("die")]
    [InlineData("large")]
    public void PredictsTheSameClassAsPackedInferenceOnAllMnistTestImages(string preset)
    {
        var spec = NetworkSpec.Preset(preset);
        var network = BinaryNetwork.Initialize(spec, 5, 1f);
        var layers = Enumerable.Range(0, spec.LayerCount)
            .Select(l => new OnnxLayer(
                spec.Widths[l], spec.Widths[l + 1], network.BinaryWeights(l), null, l + 1 < spec.LayerCount))
            .ToList();
        var onnxNetwork = new OnnxNetwork(spec.ImageSize, spec.Threshold, InputEncoding.PlusMinusOne, layers,
            spec.OutputScale, new Dictionary<string, string>());
        var test = Mnist.LoadTest(Mnist.FindFolder());
        byte[] model = OnnxGraphBuilder.ToBytes(onnxNetwork);
        float[] logits = OnnxRunner.Run(model, OnnxRunner.Pixels(test.Pixels), test.Count);

        var encoded = new Preprocessing(spec.ImageSize, spec.Threshold).Apply(test);
        var inference = new PackedInference(network, new CpuCompute());
        int classes = spec.Outputs;
        int sameLogits = 0;
        int sameClass = 0;
        for (int start = 0; start < test.Count; start += PackedInference.ChunkSize)
        {
            int n = Math.Min(PackedInference.ChunkSize, test.Count - start);
            var packed = encoded.Packed.AsSpan(start * encoded.WordsPerSample, n * encoded.WordsPerSample);
            var sums = inference.Forward(packed, n);
            for (int i = 0; i < n; i++)
            {
                var ours = sums.Slice(i * classes, classes).ToArray();
                var theirs = logits.AsSpan((start + i) * classes, classes);
                sameLogits += theirs.SequenceEqual(ours.Select(z => z * spec.OutputScale).ToArray()) ? 1 : 0;
                sameClass += Signs.ArgMax(ours) == Signs.ArgMax(theirs) ? 1 : 0;
            }
        }
        output.WriteLine($"{preset}: same logits for {sameLogits}, same class for {sameClass} of {test.Count} images");
        Assert.Equal(test.Count, sameLogits);
        Assert.Equal(test.Count, sameClass);
    }
}
