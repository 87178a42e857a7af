using System.Diagnostics;

namespace CrossbarLab.Tests.Examples;

/// <summary>Runs a program to the end (with a time limit) and returns its exit code and output.</summary>
internal static class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="file"/> with <paramref name="arguments"/> in <paramref name="folder"/>; the MSBuild and
    /// test-host variables of this process are not passed on, so a child dotnet build starts clean.
    /// </summary>
    public static (int Code, string Out, string Err) Run(string file, IEnumerable<string> arguments, string folder,
        TimeSpan limit, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (string name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name is "MSBuildExtensionsPath" or "MSBuildSDKsPath" or "DOTNET_HOST_PATH")
                start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} ran longer than {limit}.");
        }
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Runs the built <c>crossbar</c> CLI (the copy next to the test assembly).</summary>
    public static (int Code, string Out, string Err) Crossbar(string folder, params string[] arguments) =>
        Run("dotnet", [typeof(CrossbarLab.Cli.CrossbarCli).Assembly.Location, .. arguments], folder, TimeSpan.FromMinutes(5),
            new Dictionary<string, string> { ["CROSSBARLAB_DATA"] = CrossbarLab.Data.Mnist.FindFolder() });
}
