using System.Text.Json.Nodes;
using CrossbarLab.Model;

namespace CrossbarLab.Tests.Cli;

[Collection("console")]
public class AnalyzeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-analyze").FullName;
    public void Dispose() => Directory.Delete(_dir, true);
    private string P(string name) => Path.Combine(_dir, name);

    /// <summary>Two untrained die-sized models saved as runs a and b (model.json), so their labels come from the folders.</summary>
    private (string A, string B) Models()
    {
        Directory.CreateDirectory(P("a")); Directory.CreateDirectory(P("b"));
        ModelFile.Save(BinaryNetwork.Initialize(NetworkSpec.Die, 1, 0.1f), P("a/model.json"));
        ModelFile.Save(BinaryNetwork.Initialize(NetworkSpec.Die, 2, 0.1f), P("b/model.json"));
        return (P("a/model.json"), P("b/model.json"));
    }

    [Fact]
    [Trait("data", "mnist")]
    public void SensitivityWritesCurvesOfEveryModelAndOneFigurePerKind()
    {
        var (a, b) = Models();
        var (code, stdout, err) = CrossbarCliTests.Run("analyze", "sensitivity", "--model", a, "--model", b, "--trials", "3",
            "--flip-rates", "0,0.1", "--defect-rates", "0,0.01", "--noise-levels", "0,0.3", "--out", P("s"));
        Assert.True(code == 0, err);
        var results = JsonNode.Parse(File.ReadAllText(P("s/results.json")))!;
        var curves = results["curves"]!.AsArray();
        Assert.Equal(6, curves.Count);
        Assert.Equal(["a", "b"], curves.Take(2).Select(c => (string)c!["model"]!));
        foreach (var c in curves)
        {
            var points = c!["points"]!.AsArray();
            Assert.Equal((double)c["unperturbed_error"]!, (double)points[0]!["mean_error"]!);
            Assert.Equal(3, (int)points[1]!["trials"]!);
        }
        foreach (var kind in new[] { "sign-flip", "defects", "conductance-noise" })
            Assert.True(File.Exists(P($"s/sensitivity-{kind}.png")), kind);
        Assert.Equal(3, (int)JsonNode.Parse(File.ReadAllText(P("s/config.json")))!["analysis"]!["sensitivity"]!["trials"]!);
        Assert.Contains("sensitivity to defects", stdout);
    }

    [Fact]
    [Trait("data", "mnist")]
    public void LandscapeWritesSharpnessCurvesAndContourMaps()
    {
        var (a, b) = Models();
        var (code, stdout, err) = CrossbarCliTests.Run("analyze", "landscape", "--model", a, "--model", b, "--labels", "first,second",
            "--grid", "5", "--directions", "3", "--space", "effective", "--out", P("l"));
        Assert.True(code == 0, err);
        var results = JsonNode.Parse(File.ReadAllText(P("l/results.json")))!;
        Assert.Equal("effective", (string?)results["space"]);
        var models = results["models"]!.AsArray();
        Assert.Equal(["first", "second"], models.Select(m => (string)m!["model"]!));
        var first = models[0]!;
        Assert.Equal(5, first["line"]!["loss"]!.AsArray().Count);
        Assert.Equal(5, first["plane"]!["loss"]!.AsArray().Count);
        Assert.Equal((double)first["loss_at_solution"]!, (double)first["line"]!["loss"]![2]!);
        Assert.Equal((double)first["loss_at_solution"]!, (double)first["plane"]!["loss"]![2]![2]!);
        Assert.Equal(3, (int)first["sharpness"]!["directions"]!);
        foreach (var f in new[] { "landscape-1d-loss.png", "landscape-1d-error.png", "landscape-2d-first.png", "landscape-2d-second.png" })
            Assert.True(File.Exists(P($"l/{f}")), f);
        Assert.Contains("landscape-2d-*.png", stdout);
    }

    [Theory]
    [InlineData("no model", "analyze sensitivity --data /tmp", "--model")]
    [InlineData("bad rate list", "analyze sensitivity --model m.json --flip-rates 0,x --data /tmp", "'x' is not a number")]
    [InlineData("impossible rate", "analyze sensitivity --model m.json --defect-rates 0,2 --data /tmp", "--defect-rates 0,2")]
    [InlineData("one trial", "analyze sensitivity --model m.json --trials 1 --data /tmp", "trials 1")]
    [InlineData("unknown kind", "analyze sensitivity --model m.json --kinds defects,heat --data /tmp", "--kinds defects,heat: unknown perturbation 'heat'")]
    [InlineData("even grid", "analyze landscape --model m.json --grid 24 --data /tmp", "--grid 24")]
    [InlineData("missing model file", "analyze landscape --model /nonexistent/model.json --data /tmp", "not found")]
    public void UserErrorsExitWithOneAndOneClearLine(string what, string args, string expected)
    {
        var (code, _, err) = CrossbarCliTests.Run([.. args.Split(' '), "--out", P("x")]);
        Assert.True(code == 1, $"{what}: exit code {code}, stderr: {err}");
        Assert.Contains(expected, err);
        Assert.DoesNotContain("   at ", err);
    }
}
