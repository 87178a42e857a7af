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
