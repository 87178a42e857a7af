using CrossbarLab.Tests.Interop;
using Xunit.Abstractions;

namespace CrossbarLab.Tests.Examples;

/// <summary>
/// examples/python/evaluate_npz.py, run with a Python that has NumPy (Debian's python3-numpy, which
/// scripts/setup.sh installs), prints the test errors <c>crossbar eval</c> prints for a freshly exported model.
/// </summary>
[Trait("data", "mnist")]
[Collection("export")]
public class PythonExampleTests(ExportFixture fixture, ITestOutputHelper output)
{
    /// <summary>The first of Debian's python3 and the one on PATH that imports NumPy.</summary>
    private static string Python()
    {
        foreach (string candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                var (code, _, _) = ChildProcess.Run(candidate, ["-c", "import numpy"], Path.GetTempPath(),
                    TimeSpan.FromMinutes(1));
                if (code == 0)
                    return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed at that path: try the next.
            }
        }
        throw new InvalidOperationException("no python3 with NumPy found; run scripts/setup.sh (it installs " +
            "Debian's python3-numpy).");
    }

    [Fact]
    public void PrintsTheErrorsEvalPrints()
    {
        string npz = Path.Combine(fixture.Folder, "python.npz");
        var export = ChildProcess.Crossbar(fixture.Folder, "export", "--model", fixture.ModelPath, "--die",
            fixture.DiePaths[1], "--out", npz);
        Assert.True(export.Code == 0, export.Err);
        string script = Path.Combine(Repository.Root, "examples", "python", "evaluate_npz.py");
        var python = ChildProcess.Run(Python(), [script, npz, CrossbarLab.Data.Mnist.FindFolder()], fixture.Folder,
            TimeSpan.FromMinutes(5));
        Assert.True(python.Code == 0, python.Err);
        var eval = ChildProcess.Crossbar(fixture.Folder, "eval", "--model", fixture.ModelPath, "--dies",
            fixture.DiePaths[1]);
        Assert.True(eval.Code == 0, eval.Err);
        output.WriteLine(python.Out);
        output.WriteLine(eval.Out);

        string[] printed = python.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, printed.Length);
        string ideal = printed[0].Split("test error ")[1];
        string onDie = printed[1].Split("test error ")[1];
        Assert.StartsWith(fixture.Dies[1].Name + ":", printed[1]);
        Assert.Contains($"test error {ideal} (", eval.Out);
        Assert.Matches($@"│ {fixture.Dies[1].Name} +│ [0-9.]+ % +│ {System.Text.RegularExpressions.Regex.Escape(onDie)} +│",
            eval.Out);
    }
}
