using CrossbarLab.Data;
using CrossbarLab.Interop;
using Google.Protobuf;
using Onnx;
using Xunit.Abstractions;

namespace CrossbarLab.Tests.Interop;

/// <summary>
/// The exported preprocessing against <see cref="Preprocessing"/>: the float32 intensities bit for bit, and the encoded
/// inputs.
/// </summary>
public class OnnxPreprocessingTests(ITestOutputHelper output)
{
    /// <summary>A model from raw images to the float32 intensities (before the threshold).</summary>
    private static byte[] IntensityModel(int size)
    {
        var graph = new GraphProto { Name = "intensity" };
        graph.Input.Add(OnnxTensors.FloatValue("images", "N", 1, 28, 28));
        var (nodes, initializers) = OnnxPreprocessing.BuildIntensity("images", size);
        graph.Node.AddRange(nodes);
        graph.Initializer.AddRange(initializers);
        graph.Output.Add(OnnxTensors.FloatValue(OnnxPreprocessing.IntensityName, "N", size * size));
        var model = new ModelProto { IrVersion = OnnxGraphBuilder.IrVersion, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxGraphBuilder.OpsetVersion });
        return model.ToByteArray();
    }

    /// <summary>The network whose logits are its encoded inputs: one identity layer, output scale 1.</summary>
    internal static OnnxNetwork IdentityNetwork(int size, double threshold, InputEncoding encoding)
    {
        int n = size * size;
        var identity = new float[n * n];
        for (int i = 0; i < n; i++)
            identity[i * n + i] = 1f;
        return new OnnxNetwork(size, threshold, encoding, [new OnnxLayer(n, n, identity, null, false)], 1f,
            new Dictionary<string, string>());
    }

    /// <summary>
    /// Number of images whose ONNX float32 intensities differ in any bit from Preprocessing.Downsample's.
    /// </summary>
    private static int IntensityMismatches(byte[] images, int count, int size)
    {
        float[] pixels = OnnxRunner.Pixels(images);
        float[] onnx = OnnxRunner.Run(IntensityModel(size), pixels, count, OnnxPreprocessing.IntensityName);
        var ours = new float[size * size];
        int mismatches = 0;
        for (int i = 0; i < count; i++)
        {
            Preprocessing.Downsample(images.AsSpan(i * 784, 784), 28, 28, size, ours);
            var theirs = onnx.AsSpan(i * size * size, size * size);
            bool same = ours.AsSpan().SequenceEqual(theirs);
            mismatches += same ? 0 : 1;
        }
        return mismatches;
    }

    [Fact]
    public void IntensitiesMatchBitForBitForEverySizeOnRandomImages()
    {
        byte[] images = OnnxGraphBuilderTests.RandomImages(50, 11);
        for (int size = 1; size <= 28; size++)
            Assert.True(IntensityMismatches(images, 50, size) == 0, $"size {size}");
    }

    [Fact]
    public void TermsReplayTheDownsamplingLoops()
    {
        var terms = DownsamplingTerms.For(28, 28, 10);
        Assert.Equal(16, terms.Count); // 2.8 source rows and columns reach into up to 4 × 4 source pixels
        Assert.Equal(2.8 * 2.8 * 255.0, terms.Denominator);
        Assert.Equal(1, DownsamplingTerms.For(28, 28, 28).Count);
        Assert.Equal(784, DownsamplingTerms.For(28, 28, 1).Count);
    }

    [Theory]
    [InlineData(InputEncoding.PlusMinusOne)]
    [InlineData(InputEncoding.ZeroOne)]
    public void EncodedInputsMatchOnRandomImages(InputEncoding encoding)
    {
        byte[] images = OnnxGraphBuilderTests.RandomImages(40, 5);
        var set = new ImageSet(40, 28, 28, images, new byte[40]);
        foreach (var (size, threshold) in new[] { (10, 0.25), (28, 0.3), (5, 0.5), (13, 0.0), (17, 1.0) })
        {
            var network = IdentityNetwork(size, threshold, encoding);
            float[] onnx = OnnxRunner.Run(OnnxGraphBuilder.ToBytes(network), OnnxRunner.Pixels(images), 40);
            float[] expected = new Preprocessing(size, threshold).Apply(set).Inputs;
            if (encoding == InputEncoding.ZeroOne)
                expected = Array.ConvertAll(expected, v => v > 0 ? 1f : 0f);
            Assert.Equal(expected, onnx);
        }
    }

    public static TheoryData<int, double> MnistSizes() => new()
    {
        { 10, 0.25 }, // NetworkSpec.Die
        { 28, 0.3 },  // NetworkSpec.Large
        { 7, 0.5 },
        { 12, 0.1 },
        { 20, 0.4 },
        { 3, 0.2 },
    };

    [Theory]
    [Trait("data", "mnist")]
    [MemberData(nameof(MnistSizes))]
    public void EncodedInputsMatchPreprocessingOnAllMnistTestImages(int size, double threshold)
    {
        var test = Mnist.LoadTest(Mnist.FindFolder());
        Assert.Equal(10_000, test.Count);
        var network = IdentityNetwork(size, threshold, InputEncoding.PlusMinusOne);
        float[] onnx = OnnxRunner.Run(OnnxGraphBuilder.ToBytes(network), OnnxRunner.Pixels(test.Pixels), test.Count);
        float[] expected = new Preprocessing(size, threshold).Apply(test).Inputs;
        int features = size * size;
        int differing = Enumerable.Range(0, test.Count)
            .Count(i => !expected.AsSpan(i * features, features).SequenceEqual(onnx.AsSpan(i * features, features)));
        int same = test.Count - differing;
        output.WriteLine($"size {size}, threshold {threshold}: {same} of {test.Count} images encoded identically");
        Assert.Equal(0, differing);
    }

    [Fact]
    [Trait("data", "mnist")]
    public void IntensitiesMatchBitForBitForEverySizeOnMnistTestImages()
    {
        // All 10,000 images for the presets' sizes, the first 1,000 for every other size (all 28 take ~40 s).
        var test = Mnist.LoadTest(Mnist.FindFolder());
        var first = test.Take(1000);
        for (int size = 1; size <= 28; size++)
        {
            var images = size is 10 or 28 ? test : first;
            int mismatches = IntensityMismatches(images.Pixels, images.Count, size);
            Assert.True(mismatches == 0, $"size {size}: {mismatches} of {images.Count} images differ");
        }
        output.WriteLine("sizes 1–28: bit-identical float32 intensities (all 10,000 images at 10 and 28, 1,000 else)");
    }
}
