namespace CrossbarLab.Cli;

/// <summary>
/// How a batch job calls the crossbar that is running now, so that the shards run the same build as the one the user
/// submitted with: the published program itself (scripts/publish.sh, or the apphost next to crossbar.dll), or the
/// .NET host with crossbar.dll (which is how ./crossbar runs it: <c>exec dotnet …/crossbar.dll</c>).
/// </summary>
internal static class CrossbarExecutable
{
    /// <summary>The program and its first arguments, as absolute paths where they are known.</summary>
    public static IReadOnlyList<string> Command()
    {
        string? process = Environment.ProcessPath;
        string program = process == null ? "" : Path.GetFileNameWithoutExtension(process);
        if (program == "crossbar")
            return [process!];
        string dll = typeof(CrossbarCli).Assembly.Location;
        // The .NET host running crossbar.dll, or (inside a test host) the dotnet on PATH.
        return [program == "dotnet" ? process! : "dotnet", dll];
    }
}
