using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;
using CrossbarLab.IO;

namespace CrossbarLab.Cli;

/// <summary>
/// Command-line parse errors as one line each, written for the user: the option and what it takes (the valid values of
/// a choice, "a whole number" rather than a .NET type name), the unknown word and the nearest known one, the missing
/// argument; instead of System.CommandLine's several lines followed by the whole help.
/// </summary>
internal static class ParseErrors
{
    /// <summary>One line for the parse's first error (an unknown word first: it usually causes the rest).</summary>
    public static string Describe(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        string name = CommandPath(parse.CommandResult);
        if (parse.UnmatchedTokens.Count > 0)
            return Unknown(parse.UnmatchedTokens[0], command, name);
        var error = parse.Errors[0];
        return error.SymbolResult switch
        {
            OptionResult option => Option(option),
            ArgumentResult { Parent: OptionResult option } => Option(option),
            ArgumentResult argument => $"{name} needs its argument {argument.Argument.Name.ToUpperInvariant()} "
                + $"(see {name} --help).",
            _ when command.Subcommands.Count > 0 =>
                $"{name} needs a command: {string.Join(", ", command.Subcommands.Select(c => c.Name))} (see {name} --help).",
            _ => $"{FirstLine(error.Message)} (see {name} --help).",
        };
    }

    private static string Unknown(string token, Command command, string name)
    {
        var known = command.Options.Select(o => o.Name).Concat(command.Subcommands.Select(c => c.Name)).ToList();
        string? near = NearestName.Of(token, known);
        string what = token.StartsWith('-') ? "option" : command.Subcommands.Count > 0 ? "command" : "argument";
        return $"unknown {what} '{ConsoleText.Plain(token)}' for {name}" + (near == null ? "" : $" (did you mean {near}?)")
            + $"; see {name} --help.";
    }

    private static string Option(OptionResult result)
    {
        var option = result.Option;
        if (result.IdentifierToken == null)
            return $"{option.Name} is required.";
        string expected = Expected(option);
        if (result.Tokens.Count == 0)
            return expected.Length == 0 ? $"{option.Name} needs a value." : $"{option.Name} needs a value: {expected}.";
        string given = string.Join(" ", result.Tokens.Select(t => ConsoleText.Plain(t.Value)));
        return $"{option.Name} {given}: {(expected.Length == 0 ? "not a valid value" : expected)}.";
    }

    /// <summary>What an option takes, in words: its choices, or the kind of value of its type ("" for text).</summary>
    private static string Expected(Option option)
    {
        var choices = option.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();
        if (choices.Count > 0 && option.ValueType != typeof(bool) && option.ValueType != typeof(bool?))
            return $"choose one of {string.Join(", ", choices)}";
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        return type switch
        {
            _ when type == typeof(int) || type == typeof(long) => "expected a whole number",
            _ when type == typeof(ulong) || type == typeof(uint) => "expected a whole number, 0 or more",
            _ when type == typeof(double) || type == typeof(float) => "expected a number (e.g. 0.25)",
            _ when type == typeof(bool) => "expected true or false",
            _ => "",
        };
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r != null; r = r.Parent)
            if (r is CommandResult c && c.Parent != null)
                names.Add(c.Command.Name);
        names.Add("crossbar");
        names.Reverse();
        return string.Join(" ", names);
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim().TrimEnd('.');
}
