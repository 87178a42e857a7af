using System.Text.Json.Nodes;

namespace CrossbarLab.Tests.Cli;

/// <summary><c>crossbar deploy</c> and <c>crossbar eval --deployment</c> end to end, and deploy's refusals.</summary>
[Collection("console")]
public class DeployCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-deploy-cli").FullName;
    public void Dispose() => Directory.Delete(_dir, true);
    private string P(string name) => Path.Combine(_dir, name);

    private static void Ok((int Code, string Out, string Err) run) => Assert.True(run.Code == 0, run.Err);

    private string Model()
    {
        Ok(CrossbarCliTests.Run("train", "--epochs", "1", "--train-limit", "2000", "--out", P("train")));
        return P("train/model.json");
    }

    [Fact]
    [Trait("data", "mnist")]
    public void EvalOfTheDeploymentFileGivesTheErrorDeployMeasured()
    {
        string model = Model();
        Ok(CrossbarCliTests.Run("fab", "--dies", "1", "--short-rate", "0.01", "--clean-fraction", "0", "--out", P("fab")));
        Ok(CrossbarCliTests.Run("deploy", "--model", model, "--die", P("fab/die-00.json"), "--place", "--calibrate",
            "--loop", "5", "--out", P("deploy")));
        var deployed = JsonNode.Parse(File.ReadAllText(P("deploy/results.json")))!;
        Assert.Equal("placement+calibration+loop-5", (string)deployed["method"]!);
        var timing = JsonNode.Parse(File.ReadAllText(P("deploy/timing.json")))!;
        Assert.True((bool)timing["needs_map"]!); // placement reads the map
        Assert.True((double)timing["seconds"]! > 0);

        var (code, stdout, err) = CrossbarCliTests.Run("eval", "--deployment", P("deploy/deployment.json"), "--out",
            P("eval"));
        Assert.True(code == 0, err);
        var evaluated = JsonNode.Parse(File.ReadAllText(P("eval/results.json")))!;
        double error = (double)evaluated["die_errors"]![0]!["test_error"]!;
        Assert.Equal((double)deployed["test_error"]!, error);
        // The die error leads; the programmed network's defect-free error is not offered as an ideal to compare with.
        Assert.Contains($"on die-00 (effective weights): test error {100 * error:F2} %", stdout);
        Assert.DoesNotContain("gap to ideal", stdout);
    }

    [Fact]
    [Trait("data", "mnist")]
    public void DeployRefusesADieTheModelDoesNotFitAndWritesNothing()
    {
        string model = Model();
        Ok(CrossbarCliTests.Run("fab", "--dies", "1", "--tiles", "2", "--network", "none", "--out", P("small")));
        var (code, _, err) = CrossbarCliTests.Run("deploy", "--model", model, "--die", P("small/die-00.json"),
            "--out", P("refused"));
        Assert.Equal(1, code);
        Assert.Contains("does not fit the die", err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(Directory.Exists(P("refused")));
    }

    [Fact]
    public void EvalRefusesADeploymentGivenWithAModel()
    {
        var (code, _, err) = CrossbarCliTests.Run("eval", "--deployment", P("none.json"), "--model", P("m.json"));
        Assert.Equal(1, code);
        Assert.Contains("without a model or dies", err);
    }
}
