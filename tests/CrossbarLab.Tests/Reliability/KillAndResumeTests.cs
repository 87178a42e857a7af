using System.Diagnostics;
using CrossbarLab.Cli;
using CrossbarLab.Data;
using CrossbarLab.Model;
using CrossbarLab.Tests.Cli;

namespace CrossbarLab.Tests.Reliability;

/// <summary>Kills a real <c>crossbar train</c> process mid-run with SIGKILL and checks that --resume ends bit-identical.</summary>
[Collection("console")]
[Trait("data", "mnist")]
public class KillAndResumeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-kill").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly string[] Settings = ["train", "--epochs", "12", "--seed", "4"];

    [Fact]
    public void KilledTrainingResumesToIdenticalWeights()
    {
        string data = Mnist.FindFolder();
        string killed = Path.Combine(_dir, "killed"), straight = Path.Combine(_dir, "straight");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments = [typeof(CrossbarCli).Assembly.Location, .. Settings, "--data", data, "--out", killed];
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using (var child = Process.Start(start)!)
        {
            child.OutputDataReceived += (_, _) => { }; child.ErrorDataReceived += (_, _) => { };
            child.BeginOutputReadLine(); child.BeginErrorReadLine();
            // Wait for the first checkpoint (end of epoch 1), then kill -9 while later epochs run.
            var clock = Stopwatch.StartNew();
            string checkpoint = Path.Combine(killed, "checkpoint.json");
            while (!File.Exists(checkpoint) && !child.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(5);
            Assert.False(child.HasExited, "the run finished before it could be killed");
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
        Assert.False(File.Exists(Path.Combine(killed, "model.json")), "killed before the end");

        var resumed = CrossbarCliTests.Run([.. Settings, "--data", data, "--out", killed, "--resume"]);
        Assert.True(resumed.Code == 0, resumed.Err);
        var reference = CrossbarCliTests.Run([.. Settings, "--data", data, "--out", straight]);
        Assert.True(reference.Code == 0, reference.Err);

        var a1 = ModelFile.Load(Path.Combine(killed, "model.json"));
        var b1 = ModelFile.Load(Path.Combine(straight, "model.json"));
        for (int l = 0; l < a1.Weights.Length; l++) Assert.Equal(b1.Weights[l], a1.Weights[l]);
        Assert.Equal(File.ReadAllText(Path.Combine(straight, "results.json")), File.ReadAllText(Path.Combine(killed, "results.json")));
    }
}
