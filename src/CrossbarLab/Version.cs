using System.Reflection;

namespace CrossbarLab;

/// <summary>The library's version, as recorded in every run's config.json and results.</summary>
public static class LibraryVersion
{
    /// <summary>The informational version (package version and commit).</summary>
    public static string Informational { get; } =
        typeof(LibraryVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
