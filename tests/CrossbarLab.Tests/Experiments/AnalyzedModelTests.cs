using CrossbarLab.Experiments;

namespace CrossbarLab.Tests.Experiments;

public class AnalyzedModelTests
{
    [Theory]
    [InlineData("runs/sw/model.json", "sw")]
    [InlineData("runs/reproduce/models/statistics-aware.json", "statistics-aware")]
    [InlineData("mine.json", "mine")]
    public void LabelsComeFromTheRunFolderOrTheFileName(string path, string label) => Assert.Equal(label, AnalyzedModel.DefaultLabel(path));

    [Fact]
    public void LabelCountMustMatchModelCount() =>
        Assert.Throws<InvalidConfigurationException>(() => AnalyzedModel.Load(["a.json", "b.json"], ["only-one"], "/tmp"));

    [Fact]
    public void AtLeastOneModelIsNeeded() => Assert.Throws<InvalidConfigurationException>(() => AnalyzedModel.Load([], null, "/tmp"));
}
