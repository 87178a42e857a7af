using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Interop;
using Google.Protobuf;

namespace CrossbarLab.Tests.Interop;

public class OnnxGraphBuilderTests
{
    private static readonly Dictionary<string, string> NoMetadata = [];

    /// <summary>Random 28×28 images with a few saturated and empty areas, so every threshold case occurs.</summary>
    internal static byte[] RandomImages(int count, ulong seed)
    {
        var rng = new RandomStream(seed, "onnx-images");
        var pixels = new byte[count * 784];
        for (int i = 0; i < pixels.Length; i++)
        {
            int kind = rng.NextInt(4);
            pixels[i] = kind switch { 0 => 0, 1 => 255, _ => (byte)rng.NextInt(256) };
        }
        return pixels;
    }

    /// <summary>
    /// CrossbarLab's forward pass, written out: Preprocessing, then per layer x·W (+ offsets), sign or step.
    /// </summary>
    internal static float[] Forward(OnnxNetwork network, byte[] images, int count)
    {
        int s = network.ImageSize;
        var grey = new float[s * s];
        var logits = new List<float>();
        for (int n = 0; n < count; n++)
        {
            Preprocessing.Downsample(images.AsSpan(n * 784, 784), 28, 28, s, grey);
            float off = network.Encoding == InputEncoding.PlusMinusOne ? -1f : 0f;
            float[] x = grey.Select(g => g >= (float)network.Threshold ? 1f : off).ToArray();
            foreach (var layer in network.Layers)
            {
                var z = new float[layer.Outputs];
                for (int j = 0; j < layer.Outputs; j++)
                {
                    float sum = 0;
                    for (int i = 0; i < layer.Inputs; i++)
                        sum += x[i] * layer.Weights[i * layer.Outputs + j];
                    z[j] = sum + (layer.Offsets?[j] ?? 0f);
                }
                x = layer.Hidden ? z.Select(v => v >= -Signs.TieTolerance ? 1f : off).ToArray() : z;
            }
            logits.AddRange(x.Select(v => v * network.OutputScale));
        }
        return logits.ToArray();
    }

    /// <summary>
    /// A 2×2-input network with hand-chosen ±1 weights, quarter-unit offsets and one tie (z = 0) that fires.
    /// </summary>
    internal static OnnxNetwork HandChosen(
        InputEncoding encoding, IReadOnlyDictionary<string, string>? metadata = null) => new(
        ImageSize: 2,
        Threshold: 0.25,
        Encoding: encoding,
        Layers:
        [
            new OnnxLayer(4, 3, [1, -1, 1, 1, 1, -1, -1, 1, 1, -1, -1, -1], [0f, 0.25f, -0.5f], Hidden: true),
            new OnnxLayer(3, 2, [1, -1, -1, 1, 1, 1], null, Hidden: false),
        ],
        OutputScale: 0.5f,
        Metadata: metadata ?? NoMetadata);

    /// <summary>Four images: empty, full, left half, top-left quadrant only.</summary>
    private static byte[] QuadrantImages()
    {
        var images = new byte[4 * 784];
        for (int r = 0; r < 28; r++)
        {
            for (int c = 0; c < 28; c++)
            {
                images[784 + r * 28 + c] = 255;
                images[2 * 784 + r * 28 + c] = c < 14 ? (byte)200 : (byte)0;
                images[3 * 784 + r * 28 + c] = r < 14 && c < 14 ? (byte)64 : (byte)0;
            }
        }
        return images;
    }

    [Theory]
    [InlineData(InputEncoding.PlusMinusOne, true)]
    [InlineData(InputEncoding.PlusMinusOne, false)]
    [InlineData(InputEncoding.ZeroOne, true)]
    [InlineData(InputEncoding.ZeroOne, false)]
    public void HandChosenNetworkGivesTheSameLogitsInOnnxRuntime(InputEncoding encoding, bool optimise)
    {
        var network = HandChosen(encoding);
        byte[] images = QuadrantImages();
        byte[] model = OnnxGraphBuilder.ToBytes(network);
        float[] onnx = OnnxRunner.Run(model, OnnxRunner.Pixels(images), 4, optimise: optimise);
        float[] expected = Forward(network, images, 4);
        Assert.Equal(expected, onnx);
    }

    [Fact]
    public void HandChosenNetworkGivesTheHandComputedLogits()
    {
        // Encoded inputs (threshold 0.25, 2×2): empty −−−−, full ++++, left half +−+−,
        // top-left quadrant (64/255 ≥ 0.25) +−−−.
        // Hidden z = x·W + offsets, W rows (1,−1,1), (1,1,−1), (−1,1,1), (−1,−1,−1), offsets (0, ¼, −½):
        //   empty and full (0, ¼, −½) → ++− (the tie z = 0 fires); left (0, ¼, 3½) → +++; top-left (2, −1¾, 1½) → +−+.
        // Output z = h·W2, W2 rows (1,−1), (−1,1), (1,1): ++− → (−1, −1); +++ → (1, 1); +−+ → (3, −1); logits = z/2.
        float[] expected = [-0.5f, -0.5f, -0.5f, -0.5f, 0.5f, 0.5f, 1.5f, -0.5f];
        var network = HandChosen(InputEncoding.PlusMinusOne);
        byte[] images = QuadrantImages();
        Assert.Equal(expected, Forward(network, images, 4));
        Assert.Equal(expected, OnnxRunner.Run(OnnxGraphBuilder.ToBytes(network), OnnxRunner.Pixels(images), 4));
    }

    [Theory]
    [InlineData(10, 0.25, 90)]
    [InlineData(7, 0.5, 33)]
    [InlineData(28, 0.3, 64)]
    public void RandomBinaryNetworksMatchOnRandomImages(int size, double threshold, int hidden)
    {
        int inputs = size * size;
        var network = new OnnxNetwork(size, threshold, InputEncoding.PlusMinusOne,
        [
            new OnnxLayer(inputs, hidden, TestData.RandomSigns(inputs * hidden, 1), null, true),
            new OnnxLayer(hidden, hidden, TestData.RandomSigns(hidden * hidden, 2), null, true),
            new OnnxLayer(hidden, 10, TestData.RandomSigns(hidden * 10, 3), null, false),
        ], 0.2f, NoMetadata);
        byte[] images = RandomImages(64, 7);
        float[] onnx = OnnxRunner.Run(OnnxGraphBuilder.ToBytes(network), OnnxRunner.Pixels(images), 64);
        Assert.Equal(Forward(network, images, 64), onnx);
    }

    [Fact]
    public void WritesOpsetMetadataAndDeterministicBytes()
    {
        var metadata = new Dictionary<string, string> { ["source"] = "unit test", ["die"] = "die-02" };
        var network = HandChosen(InputEncoding.PlusMinusOne, metadata);
        var model = OnnxGraphBuilder.Build(network);
        Assert.Equal(7, model.IrVersion);
        Assert.Equal(13, model.OpsetImport.Single().Version);
        var props = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("unit test", props["source"]);
        Assert.Equal("crossbarlab.onnx", props["crossbarlab.format"]);
        Assert.Equal("0.25", props["crossbarlab.threshold"]);
        var keys = model.MetadataProps.Select(p => p.Key).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal("N", model.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(OnnxGraphBuilder.ToBytes(network), model.ToByteArray());
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "Sign");
    }

    [Fact]
    public void FiresAtTheSameTieToleranceAsCrossbarLab()
    {
        Assert.Equal(Signs.TieTolerance, OnnxGraphBuilder.TieTolerance);
        Assert.Equal(28, OnnxNetwork.SourceSize);
    }

    [Fact]
    public void RefusesInconsistentNetworks()
    {
        var good = HandChosen(InputEncoding.PlusMinusOne);
        var layers = good.Layers;
        void Refused(OnnxNetwork bad) => Assert.Throws<ArgumentException>(() => OnnxGraphBuilder.Build(bad));
        Refused(good with { ImageSize = 3 });
        Refused(good with { ImageSize = 29 });
        Refused(good with { Threshold = double.NaN });
        Refused(good with { OutputScale = float.PositiveInfinity });
        Refused(good with { Layers = [] });
        Refused(good with { Layers = [layers[0]] });
        Refused(good with { Layers = [layers[0] with { Hidden = false }, layers[1]] });
        float[] nan = (float[])layers[0].Weights.Clone();
        nan[5] = float.NaN;
        Refused(good with { Layers = [layers[0] with { Weights = nan }, layers[1]] });
        Refused(good with { Layers = [layers[0] with { Offsets = [1f] }, layers[1]] });
        Refused(good with { Metadata = new Dictionary<string, string> { ["crossbarlab.format"] = "x" } });
    }
}
