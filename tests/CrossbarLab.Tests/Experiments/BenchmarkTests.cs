using CrossbarLab.Compute;
using CrossbarLab.Experiments;

namespace CrossbarLab.Tests.Experiments;

public class BenchmarkTests
{
    [Fact]
    public void TheOperationCountSharesTheFirstLayerAndAddsTheCells()
    {
        int[] widths = [784, 100, 10];
        // Dense / software: forward and weight gradient of both layers, ∂L/∂a of the second.
        Assert.Equal(4.0 * 78400 + 6.0 * 1000, Benchmark.TrainingFlopsPerItem(widths, 1, [], dense: true));
        Assert.Equal(4.0 * 78400 + 6.0 * 1000, Benchmark.TrainingFlopsPerItem(widths, 32, [1600, 20], dense: true));
        // Sparse: the first layer's products over K instances, 2 operations per cell forward and in the gradient
        // correction, and backward through the weights for the second layer's cells too.
        Assert.Equal(4.0 * 78400 / 32 + 6.0 * 1000 + 2 * 2.0 * 1600 + 3 * 2.0 * 20, Benchmark.TrainingFlopsPerItem(widths, 32, [1600, 20], dense: false));
    }
}

public class BenchmarkReproductionTests
{
    [Fact]
    public void ATimedReproductionRunsWholeAndLeavesNothingBehind()
    {
        string temp = Path.GetTempPath();
        var before = Directory.GetDirectories(temp, "crossbar-bench-*").ToHashSet();
        var config = TestConfigs.Tiny(3, dies: 2, k: 2).ForCommand("reproduce");

        var row = Benchmark.TimedReproduction(config, new CpuCompute(), "reproduce.quick");

        Assert.Equal("reproduce.quick", row.Name);
        Assert.Equal("s (wall clock)", row.Unit);
        Assert.True(row.Throughput > 0);
        Assert.Null(row.FractionOfSgemm);
        Assert.DoesNotContain(Directory.GetDirectories(temp, "crossbar-bench-*"), d => !before.Contains(d));
    }

    [Fact]
    public void AnUnknownReproductionModeIsRefusedNamingTheSetting()
    {
        var settings = BenchSettings.Default with { Reproduce = "fast" };
        var e = Assert.Throws<InvalidConfigurationException>(settings.Validate);
        Assert.Contains("bench.reproduce", e.Message);
    }

    [Fact]
    public void AReproductionTheConfigurationCannotRunIsRefusedBeforeMeasuring()
    {
        // 784 inputs do not fit the die's array: refused before the first row is measured.
        var config = RunConfig.Default.ForCommand("bench") with
        {
            Network = RunConfig.Default.Net with { ImageSize = 28 },
            Bench = BenchSettings.Default with { Reproduce = "quick" },
        };
        var measured = new List<string>();
        var progress = new CallbackProgress<string>(measured.Add);
        Assert.ThrowsAny<CrossbarLabException>(() => new Benchmark(config).Run([new CpuCompute()], progress));
        Assert.Empty(measured);
    }
}
