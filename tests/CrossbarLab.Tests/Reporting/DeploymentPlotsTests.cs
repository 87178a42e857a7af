using CrossbarLab.Reporting;
using CrossbarLab.Results;

namespace CrossbarLab.Tests.Reporting;

public class DeploymentPlotsTests
{
    [Fact]
    public void TheDeploymentFigureIsARealPngWithAMethodThatCostNothing()
    {
        string path = Path.Combine(Path.GetTempPath(), $"crossbar-deploy-{Guid.NewGuid():N}.png");
        try
        {
            double[] errors = [0.2, 0.3];
            DeploymentRow Row(string method, string onDie, double seconds, bool map) =>
                new(method, onDie, 0.12, errors, [seconds, seconds], [seconds, seconds], map, "no", 0.1);
            var table = new DeploymentTable(
                [Row("software", "all", 0, false), Row("software+calibration", "all", 0.002, false),
                    Row("software", "first", 0, false), Row(DeploymentTable.HardwareAware, "first", 1.3, true)], []);
            DeploymentPlots.ErrorAgainstCost(table, path);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            Assert.True(bytes.Length > 5000, "a plot with axes, a legend and points is not a blank image");
        }
        finally { File.Delete(path); }
    }
}
