using CrossbarLab.Training;

namespace CrossbarLab.Tests.Training;

public class TrainingOptionsTests
{
    [Fact]
    public void CosineScheduleRunsFromInitialToFinal()
    {
        var o = new TrainingOptions(LearningRate: 0.01f, FinalLearningRate: 0.001f);
        Assert.Equal(0.01f, o.LearningRateAt(0, 101), 6);
        Assert.Equal(0.0055f, o.LearningRateAt(50, 101), 6);
        Assert.Equal(0.001f, o.LearningRateAt(100, 101), 6);
    }

    [Theory]
    [InlineData(0, 100, 0.01f, 0.001f, 0.1f, 1f)]
    [InlineData(5, 0, 0.01f, 0.001f, 0.1f, 1f)]
    [InlineData(5, 100, -0.01f, 0.001f, 0.1f, 1f)]
    [InlineData(5, 100, 0.01f, 0.1f, 0.1f, 1f)]
    [InlineData(5, 100, 0.01f, 0.001f, 0f, 1f)]
    [InlineData(5, 100, 0.01f, 0.001f, 2f, 1f)]
    [InlineData(5, 100, 0.01f, 0.001f, 0.1f, 0f)]
    public void ImpossibleValuesAreRejected(int epochs, int batch, float lr, float final, float init, float window) =>
        Assert.Throws<InvalidConfigurationException>(() =>
            new TrainingOptions(Epochs: epochs, BatchSize: batch, LearningRate: lr, FinalLearningRate: final, InitScale: init, SteWindow: window).Validate());
}
