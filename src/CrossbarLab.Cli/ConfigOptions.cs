using System.CommandLine;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CrossbarLab.Experiments;

namespace CrossbarLab.Cli;

/// <summary>
/// The one table, per command, from command-line flags to settings of the configuration tree. A run's configuration is
/// built as: defaults ← the <c>--config</c> file ← flags that replace a whole section (<c>--device</c>, <c>--network</c>,
/// <c>--stats</c>) ← <c>--quick</c> ← flags for single fields. The same table turns a library error about a setting
/// (<c>training.k</c>) back into the flag the user typed (<c>--k</c>).
/// </summary>
internal sealed class ConfigOptions
{
    private sealed record Binding(Option Option, string Path, bool Section, Func<ParseResult, JsonNode?> Value,
        Action<JsonObject, ParseResult>? Patch = null);

    private readonly List<Binding> _bindings = [];
    private readonly List<Option> _options = [];
    private readonly HashSet<string> _given = [];

    /// <summary>The configuration file option every computing command takes.</summary>
    public Option<string?> File { get; } = new("--config")
    {
        Description = "Configuration file: a run's config.json or one you wrote (fields left out keep their defaults); flags override it.",
    };

    /// <summary>The quick preset, where the command has one.</summary>
    public Option<bool>? Quick { get; private set; }

    /// <summary>The configuration file given on the command line, if any (for messages).</summary>
    public string? GivenFile { get; private set; }

    public ConfigOptions() => _options.Add(File);

    /// <summary>The option <c>--scenario KEY</c>, if this command has it.</summary>
    public Option<string?>? Scenario { get; private set; }

    /// <summary>
    /// Adds <c>--scenario KEY</c>: one scenario of the declared grid (<see cref="Experiments.Scenario.Grid"/>) applied over
    /// the file and the section flags, before <c>--quick</c> and the field flags, so that those still override it.
    /// </summary>
    public void AddScenario()
    {
        Scenario = new Option<string?>("--scenario")
        {
            // Without a help name the help column would list all 24 keys on one line.
            HelpName = "KEY",
            Description = "Apply one scenario of the declared grid (what sits on the die, input encoding, short strength, "
                + "population), e.g. first-01-weak-few-defects; an unknown key is answered with the list.",
        };
        Scenario.AcceptOnlyFromAmong([.. Experiments.Scenario.Grid.Select(s => s.Key)]);
        _options.Add(Scenario);
    }

    /// <summary>Adds <c>--quick</c>: <see cref="RunConfig.Quick"/> applied over the file and the section flags.</summary>
    public void AddQuick(string description)
    {
        Quick = new Option<bool>("--quick") { Description = description };
        _options.Add(Quick);
    }

    /// <summary>A flag that sets one field; <paramref name="toJson"/> turns its value into the field's JSON (default: as is).</summary>
    public Option<T> Field<T>(Option<T> option, string path, Func<T, JsonNode?>? toJson = null)
    {
        _bindings.Add(new Binding(option, path, false, parse => (toJson ?? AsJson)(parse.GetValue(option)!)));
        _options.Add(option);
        return option;
    }

    /// <summary>A flag that replaces a whole section (a preset, or a file of statistics).</summary>
    public Option<T> Section<T>(Option<T> option, string path, Func<T, JsonNode?> toJson)
    {
        _bindings.Add(new Binding(option, path, true, parse => toJson(parse.GetValue(option)!)));
        _options.Add(option);
        return option;
    }

    /// <summary>
    /// A flag that sets several fields of the section at <paramref name="path"/> from their current values (a preset such as
    /// a short strength); applied after the section flags.
    /// </summary>
    public Option<T> Patch<T>(Option<T> option, string path, Action<JsonObject, T> patch)
    {
        _bindings.Add(new Binding(option, path, true, _ => null, (node, parse) => patch(node, parse.GetValue(option)!)));
        _options.Add(option);
        return option;
    }

    /// <summary>A flag that is not a setting (output folder, resume, output format).</summary>
    public Option<T> Plain<T>(Option<T> option)
    {
        _options.Add(option);
        return option;
    }

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in _options) command.Options.Add(option);
    }

    /// <summary>The configuration the command line asks for, for <paramref name="command"/>, validated.</summary>
    public RunConfig Build(ParseResult parse, string command)
    {
        var node = ConfigFile.DefaultsNode();
        GivenFile = parse.GetValue(File);
        if (GivenFile != null) ConfigFile.Merge(node, ConfigFile.Read(GivenFile));
        foreach (var b in _bindings.Where(b => b.Section && b.Patch == null && Given(parse, b.Option)))
        {
            ConfigFile.Set(node, b.Path, b.Value(parse));
            _given.Add(b.Path);
        }
        foreach (var b in _bindings.Where(b => b.Patch != null && Given(parse, b.Option))) b.Patch!(node, parse);
        if (Scenario != null && parse.GetValue(Scenario) is string key)
        {
            var scenario = Experiments.Scenario.Grid.Single(s => s.Key == key);
            node = ConfigFile.ToNode(scenario.Apply(ConfigFile.FromNode(node, Source)));
        }
        if (Quick != null && parse.GetValue(Quick)) node = ConfigFile.ToNode(ConfigFile.FromNode(node, Source).Quick());
        foreach (var b in _bindings.Where(b => !b.Section && Given(parse, b.Option)))
        {
            ConfigFile.Set(node, b.Path, b.Value(parse));
            _given.Add(b.Path);
        }
        var config = ConfigFile.FromNode(node, Source).ForCommand(command);
        config.Validate();
        return config;
    }

    /// <summary>
    /// Whether a flag of this command set the setting or section at <paramref name="path"/> (after <see cref="Build"/>).
    /// </summary>
    public bool IsGiven(string path) => _given.Contains(path);

    /// <summary>"NAME VALUE: RULE" for a setting error, NAME being the flag that sets it in this command if any.</summary>
    public string Describe(InvalidConfigurationException e)
    {
        if (e.Setting == null) return e.Message;
        if (e.Setting == IO.RunDirectory.OutDir) return OutDir(e, _options.Any(o => o.Name == "--resume"));
        // Name the flag only when the value came from it; a value from the file is named by its path in the file.
        var flag = _bindings.FirstOrDefault(b => b.Path == e.Setting && !b.Section)?.Option.Name;
        if (flag != null && (_given.Contains(e.Setting) || GivenFile == null))
            return InvalidConfigurationException.Describe(flag, e.Value, FlagsIn(e.Rule));
        string where = GivenFile != null ? $"{GivenFile}: " : "";
        return where + e.Message;
    }

    /// <summary>
    /// The rule with every setting path it names ("deployment.finetune_steps") that this command sets by a flag written
    /// as that flag. Only dotted paths are replaced, so that plain words such as "seed" stay words; a path may end a
    /// sentence ("… training.regime.").
    /// </summary>
    private string FlagsIn(string rule)
    {
        foreach (var b in _bindings.Where(b => !b.Section && b.Path.Contains('.')))
            rule = Regex.Replace(rule, $@"(?<![\w.]){Regex.Escape(b.Path)}(?!\w|\.\w)", b.Option.Name);
        return rule;
    }

    private string Source => GivenFile ?? "the command line";

    /// <summary>An output folder error, with the flags that get past it (--resume only where the command has it).</summary>
    public static string OutDir(InvalidConfigurationException e, bool resumable = false)
    {
        string resume = resumable ? " (--resume continues the run in it)" : "";
        string advice = e.Rule == IO.RunDirectory.NotEmpty
            ? $" Pass --force to overwrite it, or choose another --out{resume}."
            : "";
        return InvalidConfigurationException.Describe("--out", e.Value, e.Rule) + advice;
    }

    private static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    private static JsonNode? AsJson<T>(T value) => IO.JsonConventions.ToNode(value);
}
