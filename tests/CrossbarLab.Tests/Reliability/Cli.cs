using CrossbarLab.Tests.Cli;

namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Runs a crossbar command for a reliability test: in this process (fast), or as a child process of the build named by
/// <c>CROSSBAR_TEST_CLI</c>, which is how these tests were shown to fail on the code before the issue was fixed.
/// </summary>
internal static class Cli
{
    public static (int Code, string Out, string Err) Run(params string[] args) =>
        Environment.GetEnvironmentVariable("CROSSBAR_TEST_CLI") == null
            ? CrossbarCliTests.Run(args)
            : CrossbarProcess.Run(args);

    /// <summary>Asserts a user error: exit code 1, one line on stderr containing every one of <paramref name="expected"/>.</summary>
    public static string AssertUserError((int Code, string Out, string Err) result, params string[] expected)
    {
        Assert.True(result.Code == 1, $"exit code {result.Code}, stderr: {result.Err}");
        string err = result.Err.TrimEnd();
        Assert.True(!err.Contains('\n'), $"more than one line on stderr:\n{err}");
        Assert.StartsWith("error: ", err);
        foreach (var e in expected)
            Assert.Contains(e, err);
        Assert.DoesNotContain("System.", err);
        return err;
    }
}
