using System.Text.Json.Nodes;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Issue 14, class 6: sizes are products, and products of valid factors overflow 32 bits (65,536 × 65,536 = 2³²
/// wraps to 0). Every such size is computed in 64 bits and capped, so it is refused with the setting named instead of
/// crashing, wrapping to a small size that passes, or producing a file too large to read back.
/// </summary>
[Collection("console")]
[Trait(Hazard.Trait, Hazard.Sizes)]
public class SizeArithmeticTests
{
    [Fact]
    public void HiddenLayersWhoseWeightsOverflowAreRefusedOnTheCommandLine()
    {
        var result = Cli.Run("train", "--hidden", "65536,65536", "--data", "/nonexistent");
        Cli.AssertUserError(result, "--hidden", "4,302,176,256 weights", "32,000,000");
    }

    [Fact]
    public void ANetworkWithTooManyLayersIsRefused()
    {
        var spec = new NetworkSpec(10, 0.25, Enumerable.Repeat(4, 33).ToArray(), 10, 0.2f);
        var e = Assert.Throws<InvalidConfigurationException>(spec.Validate);
        Assert.Equal("network.hidden", e.Setting);
    }

    [Fact]
    public void AModelFileThatDeclaresAHugeLayerIsRefusedBeforeAnyAllocation()
    {
        var root = JsonNode.Parse(ModelFile.ToJson(BinaryNetwork.Initialize(new NetworkSpec(3, 0.5, [4], 10, 0.2f), 1, 1f)))!
            .AsObject();
        root["spec"]!["image_size"] = 28;
        root["spec"]!["hidden"] = new JsonArray(65536, 65536);
        DocumentChecksum.Seal(root);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataFileException>(() => ModelFile.FromJson("model.json", root.ToJsonString()));
        Assert.Contains("32,000,000", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the reader allocated the declared size");
    }

    [Fact]
    public void AnArrayWhoseDieFileCouldNotBeReadBackIsRefused()
    {
        // 2 × 4096 × 4096 = 33.5 million devices: a die file of about 400 MB, beyond what the reader accepts.
        var e = Assert.Throws<InvalidConfigurationException>(new ArrayGeometry(2, 4096, 4096, 12).Validate);
        Assert.Equal("array.tiles", e.Setting);
        Assert.True(ArrayGeometry.MaxDevices * 12L < DieFile.MaxBytes, "the largest die must fit the die reader's cap");
    }

    [Fact]
    public void ADoubleBatchBeyondAThirtyTwoBitBufferIsRefused()
    {
        // 4,096 instances × 65,536 samples = 2²⁸ rows; times a 90-wide layer the buffer index overflows.
        var options = new TrainingOptions(Regime.StatisticsAware, BatchSize: 65536, K: 4096);
        var e = Assert.Throws<InvalidConfigurationException>(options.Validate);
        Assert.Equal("training.k", e.Setting);
        // Software training ignores K, so the same batch size is fine there.
        (options with { Regime = Regime.Software }).Validate();
    }

    [Fact]
    public void TheDoubleBatchLimitIsAOneLineErrorNamingTheFlag()
    {
        var result = Cli.Run("train", "--regime", "statistics-aware", "--k", "4096", "--batch", "300", "--data", "/nonexistent");
        Cli.AssertUserError(result, "--k 4096", "1,228,800 rows");
    }

    [Fact]
    public void AnIdxHeaderWhoseSizeOverflowsThirtyTwoBitsIsRefused()
    {
        var bytes = new byte[4 + 12];
        bytes[2] = 0x08;
        bytes[3] = 3;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 65536);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 65536);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), 1);
        var e = Assert.Throws<InvalidDataFileException>(() => CrossbarLab.Data.IdxFile.Parse("x.idx", new MemoryStream(bytes)));
        Assert.Contains("exceeds", e.Message);
    }
}
