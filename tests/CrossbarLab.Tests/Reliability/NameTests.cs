using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CrossbarLab.Cli;
using CrossbarLab.Devices;
using CrossbarLab.Hardware;
using CrossbarLab.IO;

namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Issue 14, class 9: names taken from files become parts of paths and console output. A die's name must be a safe
/// file stem (checked on load, made safe on import), and every text the CLI hands to Spectre.Console is escaped, so a
/// name can neither leave its folder nor be read as markup.
/// </summary>
[Collection("console")]
[Trait(Hazard.Trait, Hazard.Names)]
public partial class NameTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-names").FullName;
    public void Dispose() => Directory.Delete(_dir, true);
    private string P(string name) => Path.Combine(_dir, name);

    private static JsonObject DieNamed(string name)
    {
        var die = DieFile.ToJson(new Fab(DefectStatistics.Reference, DeviceModel.SttMram, new ArrayGeometry(2, 6, 6, 12)).MakeDie(0, 1));
        die["name"] = name;
        return DocumentChecksum.Seal(die);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("sub/die")]
    [InlineData("die\u0000x")]
    [InlineData("[red]die[/]")]
    [InlineData(".hidden")]
    [InlineData("")]
    public void ADieFileWhoseNameIsNotASafeFileStemIsRefused(string name)
    {
        var e = Assert.Throws<InvalidDataFileException>(() => DieFile.FromJson("die.json", DieNamed(name).ToJsonString()));
        Assert.Contains("not a safe file name", e.Message);
        Assert.DoesNotContain("\u0000", e.Message);
    }

    [Fact]
    public void DieShowNeverWritesOutsideItsFolder()
    {
        Directory.CreateDirectory(P("out"));
        File.WriteAllText(P("die.json"), DieNamed("../escape").ToJsonString());
        Cli.AssertUserError(Cli.Run("die", "show", P("die.json"), "--out", P("out")), "not a safe file name");
        Assert.False(File.Exists(P("escape-map.png")));
    }

    [Fact]
    public void AnImportedDieIsNamedSafelyAfterItsFile()
    {
        string csv = P("wafer 3 [corner].csv");
        ResistanceMap.Export(DieFile.FromJson("d", DieNamed("die-00").ToJsonString()), csv);
        var result = Cli.Run("die", "import", csv, "--tiles", "2", "--tile-rows", "6", "--tile-columns", "6", "--out", P("imported.json"));
        Assert.True(result.Code == 0, result.Err);
        var die = DieFile.Load(P("imported.json"));
        Assert.True(SafeName.IsSafe(die.Name), die.Name);
        Assert.Equal("wafer-3--corner-", die.Name);
        var show = Cli.Run("die", "show", P("imported.json"), "--out", _dir);
        Assert.True(show.Code == 0, show.Err);
        Assert.True(File.Exists(P("wafer-3--corner--map.png")));
    }

    [Theory]
    [InlineData("..", "-.")]
    [InlineData("../../etc/passwd", "-.--.-etc-passwd")]
    [InlineData(".profile", "-profile")]
    [InlineData("", "unnamed")]
    [InlineData("die\u0000\u001b[31m", "die---31m")]
    public void SafeNamesAreMadeFromAnyText(string text, string expected)
    {
        Assert.Equal(expected, SafeName.From(text));
        Assert.True(SafeName.IsSafe(SafeName.From(text)));
    }

    [Fact]
    public void ConsoleTextIsLiteralAndFreeOfControlCharacters()
    {
        Assert.Equal("[[red]]x[[/]] ?[[0m", ConsoleText.Escape("[red]x[/] \u001b[0m"));
        var table = ConsoleText.Table("[bold]").Row("[/]");
        var writer = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(writer),
        });
        console.Write(table);
        Assert.Contains("[bold]", writer.ToString());
        Assert.Contains("[/]", writer.ToString());
    }

    [GeneratedRegex(@"\.AddRow\(|\.AddColumns?\(|\.Title\(|MarkupLine\(|\bnew Markup\(|\.AddTask\(|\.Description\s*=")]
    private static partial Regex SpectreMarkupCall();

    [Fact]
    public void NoCommandHandsUnescapedTextToTheConsoleLibrary()
    {
        string cli = Path.Combine(RepositoryRoot(), "src", "CrossbarLab.Cli");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(cli, "*.cs"))
        {
            if (Path.GetFileName(file) == "ConsoleText.cs") continue;
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
                if (SpectreMarkupCall().IsMatch(lines[i])) offenders.Add($"{Path.GetFileName(file)}:{i + 1}: {lines[i].Trim()}");
        }
        Assert.True(offenders.Count == 0, "Spectre.Console reads markup here; go through ConsoleText:\n" + string.Join("\n", offenders));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrossbarLab.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
