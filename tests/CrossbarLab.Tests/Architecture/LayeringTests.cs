using CrossbarLab.Experiments;
using NetArchTest.Rules;

namespace CrossbarLab.Tests.Architecture;

/// <summary>
/// Dependencies point one way (docs/architecture.md): a namespace may use its own layer and the layers below
/// it, never one above. Method bodies count (NetArchTest reads the IL), so a single call upwards fails the test.
/// </summary>
public class LayeringTests
{
    /// <summary>Every namespace of the library, lowest layer first.</summary>
    private static readonly string[][] Layers =
    [
        ["CrossbarLab", "CrossbarLab.IO"],
        ["CrossbarLab.Data", "CrossbarLab.Devices"],
        ["CrossbarLab.Compute"],
        ["CrossbarLab.Hardware"],
        ["CrossbarLab.Model"],
        ["CrossbarLab.Training"],
        ["CrossbarLab.Evaluation"],
        ["CrossbarLab.Analysis"],
        ["CrossbarLab.Deployment"],
        ["CrossbarLab.Interop"],
        ["CrossbarLab.Results"],
        ["CrossbarLab.Reporting"],
        ["CrossbarLab.Experiments"],
    ];

    private static readonly System.Reflection.Assembly Library = typeof(RunConfig).Assembly;

    [Fact]
    public void EveryNamespaceHasALayer()
    {
        var known = Layers.SelectMany(l => l).ToHashSet();
        var namespaces = Library.GetTypes().Select(t => t.Namespace).Where(n => n != null && !n.StartsWith("System")).Distinct();
        Assert.All(namespaces, n => Assert.Contains(n!, known));
    }

    public static TheoryData<string> Namespaces() => [.. Layers.SelectMany(l => l)];

    [Theory]
    [MemberData(nameof(Namespaces))]
    public void NoNamespaceUsesALayerAboveIt(string ns)
    {
        int rank = Array.FindIndex(Layers, l => l.Contains(ns));
        var above = Layers.Skip(rank + 1).SelectMany(l => l).ToArray();
        var result = Types.InAssembly(Library).That().ResideInNamespaceMatching($"^{ns.Replace(".", "\\.")}$")
            .ShouldNot().HaveDependencyOnAny(above).GetResult();
        var offenders = result.FailingTypes?.Select(t => t.FullName) ?? [];
        Assert.True(result.IsSuccessful, $"{ns} uses a layer above it in: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void TheCheckSeesCallsInsideMethodBodies()
    {
        // Reproduction reaches Reporting only through calls in its method bodies (ReproductionPlots.DieErrors, …).
        var users = Types.InAssembly(Library).That().ResideInNamespaceMatching("^CrossbarLab\\.Experiments$")
            .And().HaveDependencyOnAny("CrossbarLab.Reporting").GetTypes().Select(t => t.Name);
        Assert.Contains("Reproduction", users);
    }
}
