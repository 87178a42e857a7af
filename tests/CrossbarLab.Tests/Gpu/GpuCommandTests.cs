using System.Text.Json.Nodes;
using CrossbarLab.Tests.Reliability;

namespace CrossbarLab.Tests.Gpu;

/// <summary>
/// <c>crossbar train --backend gpu</c> end to end in a child process, on ILGPU's CPU accelerator
/// (CROSSBARLAB_SIMULATED_GPU=1) at toy sizes: the GPU training engine trains on MNIST and the run records the backend.
/// </summary>
[Trait("data", "mnist")]
public class GpuCommandTests
{
    [Fact]
    public void TrainOnTheGpuBackendWritesARunThatRecordsIt()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"crossbar-gpu-train-{Guid.NewGuid():N}");
        try
        {
            var (code, stdout, err) = CrossbarProcess.Run(
                ["train", "--backend", "gpu", "--regime", "statistics-aware", "--k", "2", "--epochs", "1",
                    "--train-limit", "48", "--batch", "16", "--image-size", "4", "--hidden", "8", "--out", dir],
                environment: new Dictionary<string, string> { ["CROSSBARLAB_SIMULATED_GPU"] = "1" });
            Assert.True(code == 0, err);
            Assert.Contains("statistics-aware, seed 1, gpu", stdout);
            var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!;
            Assert.Equal("gpu", (string?)config["backend"]);
            var results = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "results.json")))!;
            double error = (double)results["test_error"]!;
            Assert.InRange(error, 0.0, 1.0);
            Assert.Single(results["epochs"]!.AsArray());
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, true);
        }
    }
}
