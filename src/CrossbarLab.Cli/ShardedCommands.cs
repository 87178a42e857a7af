using System.CommandLine;
using CrossbarLab.Compute;
using CrossbarLab.Experiments;
using CrossbarLab.IO;

namespace CrossbarLab.Cli;

/// <summary>
/// A command whose run is made of work units (<c>reproduce</c> and the sweeps): what running it whole, as a shard
/// (<c>--shard I/N</c>), merged (<c>crossbar merge</c>) and submitted to Slurm (<c>crossbar slurm submit</c>) needs of
/// it.
/// </summary>
/// <param name="Command">The command.</param>
/// <param name="Name">Its name as config.json records it ("sweep defect-rate").</param>
/// <param name="FolderName">The stem of its default run folder ("sweep-defect-rate").</param>
/// <param name="Options">Its flags and settings.</param>
/// <param name="Out">Its --out.</param>
/// <param name="Force">Its --force.</param>
/// <param name="Resume">Its --resume.</param>
/// <param name="Create">The experiment for a configuration, on a compute backend.</param>
/// <param name="Whole">Runs the experiment whole into a folder (resume; merge), drawing progress and printing its
/// results.</param>
internal sealed record ShardedCommand(Command Command, string Name, string FolderName, ConfigOptions Options,
    Option<string?> Out, Option<bool> Force, Option<bool> Resume, Func<RunConfig, ICompute, IShardedExperiment> Create,
    WholeRun Whole);

/// <summary>
/// Runs a command's experiment whole into <paramref name="dir"/> (or merges it there), drawing its progress and
/// printing its results.
/// </summary>
internal delegate void WholeRun(RunConfig config, ICompute compute, RunDirectory dir, bool resume, bool merge);

/// <summary>
/// The commands made of work units, for <c>crossbar merge</c> and <c>crossbar slurm submit</c>. <see cref="Add"/> gives
/// each its <c>--shard</c> flag and its action: whole, or one shard.
/// </summary>
/// <remarks>
/// <c>--shard</c> is a flag, not a setting: a shard is a part of a run, not another run, so every shard and the merge
/// record the configuration a single process records (config.json byte for byte), and its results.json too.
/// </remarks>
internal sealed class ShardedCommands
{
    private readonly List<ShardedCommand> _commands = [];

    /// <summary>The command recorded as <paramref name="name"/> in config.json, if it is made of work units.</summary>
    public ShardedCommand? Named(string? name) => _commands.FirstOrDefault(c => c.Name == name);

    /// <summary>The entry of <paramref name="command"/>, if it is made of work units.</summary>
    public ShardedCommand? Of(Command command) => _commands.FirstOrDefault(c => c.Command == command);

    /// <summary>The names of the commands, for messages ("reproduce, sweep saturation, …").</summary>
    public string Names => string.Join(", ", _commands.Select(c => c.Name));

    /// <summary>Registers <paramref name="entry"/>, adding --shard to its command and setting its action.</summary>
    public void Add(ShardedCommand entry)
    {
        var shard = new Option<string?>(Flag)
        {
            Description = "Run only shard I of N (I counts from 0) of the run's work units, into --out, which the "
                + "other shards share; finished units are kept. Then: crossbar merge DIR.",
        };
        entry.Command.Options.Add(shard);
        entry.Command.SetAction(parse => CommandRunner.Run(() =>
        {
            var config = entry.Options.Build(parse, entry.Name);
            if (parse.GetValue(shard) is string text)
                return RunShard(entry, parse, config, Parse(text));
            var compute = Backends.Create(ref config);
            using var owned = compute as IDisposable;
            bool resuming = parse.GetValue(entry.Resume);
            using var dir = RunFolders.Prepare(parse, entry.Out, entry.Force, entry.Resume, entry.FolderName, config);
            entry.Whole(config, compute, dir, resume: resuming, merge: false);
            return 0;
        }, entry.Options));
        _commands.Add(entry);
    }

    /// <summary>The flag that selects a shard.</summary>
    public const string Flag = "--shard";

    /// <summary>"I/N" as a shard, or a one-line error naming <see cref="Flag"/>.</summary>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int index) || !int.TryParse(parts[1], out int count))
            throw new CrossbarLabException($"{Flag} {ConsoleText.Plain(text)}: give the shard as I/N, e.g. 0/4 (the "
                + "first of 4; I counts from 0).");
        var shard = new Shard(index, count);
        try
        {
            shard.Validate();
        }
        catch (InvalidConfigurationException e)
        {
            throw new CrossbarLabException(InvalidConfigurationException.Describe(Flag, e.Value, e.Rule));
        }
        return shard;
    }

    private static int RunShard(ShardedCommand entry, ParseResult parse, RunConfig config, Shard shard)
    {
        if (parse.GetValue(entry.Force))
            throw new CrossbarLabException($"--force cannot be used with {Flag}: the shards of a run share its folder "
                + "and keep each other's finished units; to start a run over, remove its folder first.");
        string path = parse.GetValue(entry.Out)
            ?? throw new CrossbarLabException($"{Flag} needs --out: the run folder the shards and the merge share.");
        // config.json records the backend that ran, as a single process's does (the resume check ignores it).
        var compute = Backends.Create(ref config);
        using var owned = compute as IDisposable;
        var experiment = entry.Create(config, compute);
        using var dir = RunFolders.PrepareShard(path);
        // In a batch job's log every outcome is written when known, so a cancelled shard's log still shows what it
        // finished.
        bool live = !TrainingProgressView.Interactive;
        var outcomes = new CallbackProgress<UnitOutcome>(o =>
        {
            if (live) Console.WriteLine(Describe(o));
        });
        var report = StageProgressView.Show(progress => experiment.RunShard(dir, shard, progress, outcomes));
        if (!live)
            foreach (var outcome in report.Units) Console.WriteLine(Describe(outcome));
        int trained = report.Units.Count(u => u.State == UnitState.Trained);
        Console.WriteLine($"shard {shard} of crossbar {entry.Name}: {report.Units.Count} of {report.TotalUnits} work "
            + $"units ({trained} trained here, {report.Units.Count - trained} finished before) in "
            + $"{ConsoleText.Plain(dir.Path)}");
        Console.WriteLine($"when every shard has finished: crossbar merge {ConsoleText.Plain(dir.Path)}");
        return 0;
    }

    /// <summary>
    /// "unit NAME: trained" — one line per unit, which the logs of a run's shards can be searched for.
    /// </summary>
    internal static string Describe(UnitOutcome outcome)
    {
        string state = outcome.State == UnitState.Trained ? "trained" : "already finished";
        string notes = (outcome.Waited ? " (after waiting for another process that held it)" : "")
            + (outcome.TakenOver ? " (its claim was left by a process that was killed)" : "");
        return $"unit {ConsoleText.Plain(outcome.Name)}: {state}{notes}";
    }
}
