using System.Diagnostics;

namespace CrossbarLab.Cli;

/// <summary>The state of one Slurm job (or array task) as <c>scontrol -o show job</c> reports it.</summary>
/// <param name="TaskId">The array task id ("2", or "2-3" for tasks still pending together); null for a plain
/// job.</param>
/// <param name="State">COMPLETED, FAILED, CANCELLED, TIMEOUT, PENDING, RUNNING, …</param>
/// <param name="ExitCode">The exit code of the job's script (0 when it was killed by a signal).</param>
/// <param name="Signal">The signal that ended it (15 when cancelled while running), 0 if none.</param>
/// <param name="Reason">Why it is pending or ended ("DependencyNeverSatisfied"), or "None".</param>
internal sealed record SlurmJobState(string? TaskId, string State, int ExitCode, int Signal, string Reason);

/// <summary>sbatch exited with an error: the script was not queued.</summary>
internal sealed class SbatchRefusedException(string message) : CrossbarLabException(message);

/// <summary>
/// The Slurm client commands that <c>crossbar slurm submit</c> runs: <c>sbatch</c> to submit, <c>squeue</c> to see what
/// is still queued or running, <c>scontrol</c> for how a job ended (there may be no accounting database, so no
/// <c>sacct</c>), <c>scancel</c> to withdraw a half-made submission. Each is run with its arguments as a list (no
/// shell).
/// </summary>
internal static class SlurmClient
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? Find(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, program);
            // Slurm exists only on Unix-like systems; elsewhere there is nothing to find.
            if (!OperatingSystem.IsWindows() && File.Exists(candidate)
                && (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0)
                return candidate;
        }
        return null;
    }

    /// <summary>Submits <paramref name="script"/> with <paramref name="options"/> and returns the job id.</summary>
    public static string Submit(string script, params string[] options)
    {
        var (code, stdout, stderr) = Run("sbatch", ["--parsable", .. options, script]);
        string message = $"sbatch refused {ConsoleText.Plain(script)}: {ConsoleText.Plain(FirstLine(stderr, stdout))}";
        // A non-zero exit is sbatch saying no: nothing was queued.
        if (code != 0)
            throw new SbatchRefusedException(message);
        // --parsable prints "ID" or "ID;CLUSTER"; anything else may still have queued a job, so it is not a refusal.
        string id = stdout.Trim().Split(';')[0];
        if (id.Length == 0 || !id.All(char.IsAsciiDigit))
            throw new CrossbarLabException($"sbatch answered {ConsoleText.Plain(FirstLine(stdout, stderr))} for "
                + $"{ConsoleText.Plain(script)}, not a job id: check squeue before submitting again.");
        return id;
    }

    /// <summary>The states of the job's tasks that are still queued or running (none once all have ended).</summary>
    public static IReadOnlyList<string> Queued(string jobId)
    {
        var (code, stdout, _) = Run("squeue", ["-h", "-r", "-j", jobId, "-o", "%T"]);
        // A job the controller has already forgotten is reported as an invalid id: it is not queued either.
        return code != 0 ? [] : stdout.Split('\n',
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>How each task of the job stands or ended, or null if Slurm no longer knows the job.</summary>
    public static IReadOnlyList<SlurmJobState>? Show(string jobId)
    {
        var (code, stdout, _) = Run("scontrol", ["-o", "show", "job", jobId]);
        if (code != 0)
            return null;
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();
    }

    /// <summary>Cancels the job (all its tasks); failures are ignored (it may have ended).</summary>
    public static void Cancel(string jobId) => Run("scancel", [jobId]);

    private static SlurmJobState Parse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0])
            .ToDictionary(g => g.Key, g => g.First()[1]);
        var exit = fields.GetValueOrDefault("ExitCode", "0:0").Split(':');
        return new SlurmJobState(fields.GetValueOrDefault("ArrayTaskId"), fields.GetValueOrDefault("JobState",
            "UNKNOWN"),
            int.TryParse(exit[0], out int code) ? code : 0, exit.Length > 1 && int.TryParse(exit[1], out int s) ? s : 0,
            fields.GetValueOrDefault("Reason", "None"));
    }

    private static (int Code, string Out, string Err) Run(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process child;
        try
        {
            child = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CrossbarLabException(
                $"cannot run {program} ({e.Message}): is a Slurm client installed and on PATH?");
        }
        using (child)
        {
            var stdout = child.StandardOutput.ReadToEndAsync();
            var stderr = child.StandardError.ReadToEndAsync();
            if (!child.WaitForExit(Timeout))
            {
                child.Kill(entireProcessTree: true);
                throw new CrossbarLabException($"{program} did not answer within {Timeout.TotalSeconds:F0} s: is the "
                    + "Slurm controller reachable (scontrol ping)?");
            }
            return (child.ExitCode, stdout.Result, stderr.Result);
        }
    }

    private static string FirstLine(string stderr, string stdout)
    {
        string text = stderr.Trim().Length > 0 ? stderr : stdout;
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            ?? "no message";
    }
}
