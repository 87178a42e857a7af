using System.Diagnostics;

namespace CrossbarLab.Tests.Slurm;

/// <summary>
/// Whether a Slurm cluster answers here (.ci/run starts a one-node one with scripts/slurm-local.sh): the client
/// commands are on PATH and <c>sinfo</c> lists a node. Asked once per test run.
/// </summary>
internal static class SlurmCluster
{
    private static readonly Lazy<string?> Reason = new(Probe);

    /// <summary>Why the Slurm tests cannot run here, or null when a cluster answers.</summary>
    public static string? Unavailable => Reason.Value;

    private static string? Probe()
    {
        const string start = "start one with: bash scripts/slurm-local.sh start";
        foreach (string program in new[] { "sbatch", "squeue", "scontrol", "scancel", "sinfo" })
            if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d,
                program))))
                return $"no Slurm here ({program} is not on PATH); {start}";
        var (code, output) = Run("sinfo", "-h", "-o", "%T");
        if (code != 0 || output.Trim().Length == 0)
        {
            string last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .LastOrDefault() ?? "no output";
            return $"no Slurm cluster answers (sinfo: {last}); {start}";
        }
        return null;
    }

    /// <summary>Runs a Slurm client command; its exit code and output (stdout and stderr).</summary>
    public static (int Code, string Output) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        if (!child.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            child.Kill(entireProcessTree: true);
            return (-1, $"{program} did not answer within 30 s");
        }
        return (child.ExitCode, stdout.Result + stderr.Result);
    }
}

/// <summary>A fact that needs a Slurm cluster: skipped, with the reason, where none answers.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (SlurmCluster.Unavailable is string reason)
            Skip = reason;
    }
}
