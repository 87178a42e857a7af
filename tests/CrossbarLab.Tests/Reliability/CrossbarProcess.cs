using System.Diagnostics;
using CrossbarLab.Cli;

namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Runs the real <c>crossbar</c> CLI as a child process (as KillAndResumeTests does), optionally as the unprivileged user
/// <c>nobody</c>, so that tests can hold folders from two processes, kill a holder, or meet "permission denied" even
/// though the tests run as root. <c>CROSSBAR_TEST_CLI</c> may name another crossbar.dll (an older build, to show that a
/// test fails there).
/// </summary>
internal static class CrossbarProcess
{
    /// <summary>The CLI under test.</summary>
    public static string Dll => Environment.GetEnvironmentVariable("CROSSBAR_TEST_CLI") ?? typeof(CrossbarCli).Assembly.Location;

    /// <summary>Whether this process may run children as another user (root with setpriv available).</summary>
    public static bool CanDropPrivileges => Environment.UserName == "root" && File.Exists("/usr/bin/setpriv");

    /// <summary>Runs the CLI to the end (at most <paramref name="timeout"/>) and returns its exit code and output.</summary>
    /// <param name="environment">Variables to set in the child's environment.</param>
    public static (int Code, string Out, string Err) Run(string[] args, bool asNobody = false, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var child = Start(args, asNobody, environment);
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        if (!child.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException($"crossbar {string.Join(' ', args)} did not finish");
        }
        return (child.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Starts the CLI (with <paramref name="environment"/> over this process's); the caller reads or drains its output.
    /// </summary>
    public static Process Start(string[] args, bool asNobody = false,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(asNobody ? "/usr/bin/setpriv" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (asNobody)
            foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "dotnet" })
                start.ArgumentList.Add(a);
        start.ArgumentList.Add(Dll);
        foreach (var a in args)
            start.ArgumentList.Add(a);
        // No terminal: plain progress lines; a HOME that nobody may use.
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return Process.Start(start)!;
    }

    /// <summary>Starts the CLI in the background with its output drained (for a process that holds a folder).</summary>
    public static Process StartDrained(params string[] args)
    {
        var child = Start(args);
        child.OutputDataReceived += (_, _) => { };
        child.ErrorDataReceived += (_, _) => { };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until <paramref name="condition"/> holds (or the timeout passes) and says whether it does.</summary>
    public static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
                return false;
            Thread.Sleep(5);
        }
        return true;
    }
}
