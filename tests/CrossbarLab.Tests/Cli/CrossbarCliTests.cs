using System.Text.Json.Nodes;
using CrossbarLab.Cli;

namespace CrossbarLab.Tests.Cli;

/// <summary>Console capture is process-wide, so these tests do not run in parallel with each other.</summary>
[CollectionDefinition("console", DisableParallelization = true)]
public class ConsoleCollection;

[Collection("console")]
public class CrossbarCliTests
{
    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout); Console.SetError(stderr);
        try { return (CrossbarCli.Run(args), stdout.ToString(), stderr.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    [Theory]
    [InlineData("impossible epochs", "train --epochs 0 --data /tmp", "--epochs 0: must be between 1 and 100,000")]
    [InlineData("impossible threshold", "train --threshold 1.5 --data /tmp", "--threshold 1.5")]
    [InlineData("bad hidden list", "train --hidden 90,x --data /tmp", "--hidden")]
    [InlineData("hardware-aware without a die", "train --regime hardware-aware --data /tmp", "needs the die")]
    [InlineData("impossible K", "train --regime statistics-aware --k 0 --data /tmp", "--k 0: K must be between 1 and 4,096")]
    [InlineData("impossible saturation", "train --regime statistics-aware --saturation -2 --data /tmp", "--saturation -2")]
    [InlineData("missing model", "eval --model /nonexistent/model.json", "not found")]
    [InlineData("gpu bench without a CUDA device", "bench --backend gpu --seconds 0.01", "--backend gpu: no usable GPU")]
    [InlineData("gpu training without a CUDA device", "train --backend gpu --data /tmp", "--backend gpu: no usable")]
    [InlineData("resume without out", "train --resume --data /tmp", "--resume needs --out")]
    [InlineData("non-square bench inputs", "bench --inputs 101 --seconds 0.01", "square image")]
    [InlineData("reproduce with one die", "reproduce --dies 1 --data /tmp", "--dies 1: a reproduction needs at least 2 dies")]
    [InlineData("reproduce resume without out", "reproduce --resume --data /tmp", "--resume needs --out")]
    [InlineData("sweep with a bad value", "sweep saturation --values 2,x --data /tmp", "'x' is not a number")]
    [InlineData("rate sweep with a bad rate", "sweep defect-rate --rates 0.001,abc --data /tmp", "'abc' is not a number")]
    [InlineData("rate sweep with a percentage for a fraction", "sweep defect-rate --rates 1,2 --data /tmp", "--rates 1,2: must be fractions")]
    [InlineData("rate sweep with a negative die spread", "sweep defect-rate --die-spread -1 --data /tmp", "--die-spread -1")]
    public void UserErrorsExitWithOneAndOneClearLine(string what, string args, string expected)
    {
        var (code, _, err) = Run(args.Split(' '));
        Assert.True(code == 1, $"{what}: exit code {code}, stderr: {err}");
        Assert.Contains(expected, err);
        Assert.DoesNotContain("   at ", err); // no stack trace
    }

    [Fact]
    public void MissingMnistSaysHowToGetIt()
    {
        string empty = Directory.CreateTempSubdirectory("crossbar-nodata").FullName;
        try
        {
            var (code, _, err) = Run("train", "--data", empty, "--out", Path.Combine(empty, "run"));
            Assert.Equal(1, code);
            Assert.Contains("scripts/setup.sh", err);
        }
        finally { Directory.Delete(empty, true); }
    }

    [Fact]
    public void UnknownOptionsAreRejected() => Assert.NotEqual(0, Run("train", "--no-such-option").Code);

    [Fact]
    public void BenchPrintsTheContractJson()
    {
        var (code, stdout, err) = Run("bench", "--json", "--seconds", "0.05", "--k", "8");
        Assert.True(code == 0, err);
        var report = JsonNode.Parse(stdout)!;
        Assert.False(string.IsNullOrEmpty((string?)report["machine"]));
        Assert.Equal("cpu", (string?)report["backend"]);
        var rows = report["results"]!.AsArray();
        Assert.Contains(rows, r => (string?)r!["name"] == "train.software" && (int)r["k"]! == 1);
        Assert.Contains(rows, r => (string?)r!["name"] == "train.statistics-aware" && (int)r["k"]! == 8 && (string?)r["unit"] == "samples×instances/s");
        Assert.Contains(rows, r => (string?)r!["name"] == "train.statistics-aware.dense" && (int)r["k"]! == 8);
        Assert.All(rows, r =>
        {
            Assert.True((double)r!["throughput"]! > 0);
            Assert.NotNull((string?)r["unit"]);
            Assert.True((double)r["fraction_of_sgemm"]! > 0);
        });
        Assert.Equal(1.0, (double)rows.Single(r => (string?)r!["name"] == "gemm.sgemm.512")!["fraction_of_sgemm"]!, 12);
        Assert.Contains(rows, r => (string?)r!["name"] == "eval.dies" && (string?)r["unit"] == "dies×images/s");
        Assert.All(rows, r => Assert.Equal("cpu", (string?)r!["backend"]));
        // auto found no CUDA device here and says so in one line.
        Assert.Contains("backend auto: no CUDA device found; measuring the CPU only", err);
    }

    [Fact]
    public void BenchMeasuresTheGpuRowsOnTheSimulatedGpuWhenAskedTo()
    {
        var (code, stdout, err) = Run("bench", "--json", "--backend", "gpu", "--simulated-gpu", "--seconds", "0.01",
            "--k", "2", "--batch", "8", "--inputs", "16", "--hidden", "12", "--dies", "2", "--images", "32");
        Assert.True(code == 0, err);
        var report = JsonNode.Parse(stdout)!;
        Assert.Equal("gpu", (string?)report["backend"]);
        Assert.Contains("simulated GPU", (string?)report["gpu_device"]);
        var rows = report["results"]!.AsArray();
        Assert.Equal(["train.software", "train.statistics-aware", "eval.dies"],
            rows.Select(r => (string)r!["name"]!).ToArray());
        Assert.All(rows, r =>
        {
            Assert.Equal("gpu", (string?)r!["backend"]);
            Assert.True((double)r["throughput"]! > 0);
        });
    }

    [Fact]
    public void BenchListsTheDevicesIlgpuFinds()
    {
        var (code, stdout, err) = Run("bench", "--devices", "--json");
        Assert.True(code == 0, err);
        var report = JsonNode.Parse(stdout)!;
        Assert.Contains(report["devices"]!.AsArray(), d => (string?)d!["kind"] == "CPU");
        Assert.False((bool)report["cuda"]!);
        Assert.Equal("no CUDA device found", (string?)report["gpu_backend"]);
    }
}

/// <summary>CLI runs on the real MNIST files.</summary>
[Collection("console")]
[Trait("data", "mnist")]
public class CrossbarCliMnistTests
{
    [Fact]
    public void TrainWritesTheRunThenRefusesToOverwriteAndEvalAgrees()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"crossbar-cli-{Guid.NewGuid():N}");
        try
        {
            var (code, _, err) = CrossbarCliTests.Run("train", "--epochs", "2", "--train-limit", "3000", "--out", dir, "--seed", "5");
            Assert.True(code == 0, err);
            var results = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "results.json")))!;
            Assert.Equal("software", (string?)results["regime"]);
            Assert.Equal(5UL, (ulong)results["seed"]!);
            Assert.Equal(2, results["epochs"]!.AsArray().Count);
            double error = (double)results["test_error"]!;
            Assert.InRange(error, 0, 1);

            var again = CrossbarCliTests.Run("train", "--epochs", "2", "--out", dir);
            Assert.Equal(1, again.Code);
            Assert.Contains("--force", again.Err);

            string evalDir = dir + "-eval";
            var eval = CrossbarCliTests.Run("eval", "--model", Path.Combine(dir, "model.json"), "--out", evalDir);
            Assert.True(eval.Code == 0, eval.Err);
            Assert.Equal(error, (double)JsonNode.Parse(File.ReadAllText(Path.Combine(evalDir, "results.json")))!["test_error"]!);
            Directory.Delete(evalDir, true);

            // Resuming a finished run re-writes the same results.
            string before = File.ReadAllText(Path.Combine(dir, "results.json"));
            var resumed = CrossbarCliTests.Run("train", "--epochs", "2", "--train-limit", "3000", "--out", dir, "--seed", "5", "--resume");
            Assert.True(resumed.Code == 0, resumed.Err);
            Assert.Equal(before, File.ReadAllText(Path.Combine(dir, "results.json")));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}

/// <summary>The defect-aware regimes end to end on the real MNIST files (small and short, to stay fast).</summary>
[Collection("console")]
[Trait("data", "mnist")]
public class CrossbarCliRegimeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-regimes").FullName;
    public void Dispose() => Directory.Delete(_dir, true);
    private string P(string name) => Path.Combine(_dir, name);

    [Fact]
    public void HardwareAndStatisticsAwareRunsWriteTheirResultsAndEvalOnDiesSummarises()
    {
        Assert.Equal(0, CrossbarCliTests.Run("fab", "--dies", "3", "--out", P("dies"), "--clean-fraction", "0").Code);
        var ha = CrossbarCliTests.Run("train", "--regime", "hardware-aware", "--die", P("dies/die-01.json"), "--epochs", "1", "--train-limit", "2000", "--out", P("ha"));
        Assert.True(ha.Code == 0, ha.Err);
        var haResults = JsonNode.Parse(File.ReadAllText(P("ha/results.json")))!;
        Assert.Equal("hardware-aware", (string?)haResults["regime"]);
        Assert.InRange((double)haResults["die_test_error"]!, 0, 1);
        Assert.Contains("die-01", (string?)haResults["defect_source"]);

        var sa = CrossbarCliTests.Run("train", "--regime", "statistics-aware", "--k", "4", "--epochs", "1", "--train-limit", "2000", "--out", P("sa"));
        Assert.True(sa.Code == 0, sa.Err);
        var config = JsonNode.Parse(File.ReadAllText(P("sa/config.json")))!;
        Assert.Equal(4, (int)config["training"]!["k"]!);
        Assert.Equal(0.008, (double)config["population"]!["short_rate"]!);

        var eval = CrossbarCliTests.Run("eval", "--model", P("sa/model.json"), "--dies", P("dies"), "--out", P("eval"));
        Assert.True(eval.Code == 0, eval.Err);
        var results = JsonNode.Parse(File.ReadAllText(P("eval/results.json")))!;
        var errors = results["die_errors"]!.AsArray().Select(e => (double)e!["test_error"]!).ToList();
        Assert.Equal(3, errors.Count);
        Assert.Equal(errors.Average(), (double)results["summary"]!["mean"]!, 12);
    }
}
