using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary>
/// The one way text reaches Spectre.Console, which reads square brackets as markup: every cell, column, title and task
/// description is escaped here, so a name or path taken from a file ("die[1]", "[red]") prints as it is instead of
/// failing, and control characters (a terminal escape sequence hidden in a name) are shown as '?'. A test checks that
/// no other file of the CLI calls Spectre's markup-reading methods.
/// </summary>
internal static class ConsoleText
{
    /// <summary><paramref name="text"/> with control characters shown as '?' (for plain console lines).</summary>
    public static string Plain(string? text) =>
        text == null ? "" : new string(text.Select(c => char.IsControl(c) && c != '\t' ? '?' : c).ToArray());

    /// <summary><paramref name="text"/> as literal text inside markup.</summary>
    public static string Escape(string? text) => Markup.Escape(Plain(text));

    /// <summary>A table with these column headers.</summary>
    public static Table Table(params string[] columns) => new Table().AddColumns(columns.Select(Escape).ToArray());

    /// <summary>Sets the table's title.</summary>
    public static Table Titled(this Table table, string title) => table.Title(Escape(title));

    /// <summary>Adds a column header.</summary>
    public static Table Column(this Table table, string header) => table.AddColumn(Escape(header));

    /// <summary>Adds a row of literal cells.</summary>
    public static Table Row(this Table table, params string[] cells) => table.AddRow(cells.Select(Escape).ToArray());

    /// <summary>A progress task described by literal text.</summary>
    public static ProgressTask Task(ProgressContext context, string description, double maxValue) =>
        context.AddTask(Escape(description), maxValue: maxValue);

    /// <summary>Changes a progress task's description to literal text.</summary>
    public static void Describe(ProgressTask task, string description) => task.Description = Escape(description);

    /// <summary>One line whose first part is bold.</summary>
    public static void BoldLine(string bold, string rest) =>
        AnsiConsole.MarkupLine($"[bold]{Escape(bold)}[/]{Escape(rest)}");
}
