using System.CommandLine;
using CrossbarLab.Experiments;

namespace CrossbarLab.Cli;

/// <summary>The options shared by reproduce and the sweeps: the size of the experiment and resuming it.</summary>
internal sealed class ExperimentOptions
{
    public Option<bool> Quick { get; } = new("--quick") { Description = "A smaller version of the same pipeline for a first look (8 dies, 4 epochs on 20,000 images, K = 8)." };
    public Option<int?> Dies { get; } = new("--dies") { Description = "Number of dies (default 36; 8 with --quick)." };
    public Option<int?> Epochs { get; } = new("--epochs") { Description = "Epochs of every training run (default 30; 4 with --quick)." };
    public Option<int?> K { get; } = new("--k") { Description = "Defect instances per step of statistics-aware training (default 32; 8 with --quick)." };
    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue an interrupted run in --out." };

    public void AddTo(Command command)
    {
        command.Options.Add(Quick); command.Options.Add(Dies); command.Options.Add(Epochs); command.Options.Add(K); command.Options.Add(Resume);
    }

    /// <summary>The configuration the options ask for, validated.</summary>
    public ReproductionConfig Config(ParseResult parse, ulong seed)
    {
        var config = parse.GetValue(Quick) ? ReproductionConfig.Quick(seed) : ReproductionConfig.Full(seed);
        config = config with
        {
            Dies = parse.GetValue(Dies) ?? config.Dies,
            K = parse.GetValue(K) ?? config.K,
            Training = config.Training with { Epochs = parse.GetValue(Epochs) ?? config.Training.Epochs },
        };
        config.Validate();
        return config;
    }

    /// <summary>Whether to resume; refuses --resume without the folder to resume.</summary>
    public bool Resuming(ParseResult parse, string? outPath)
    {
        bool resuming = parse.GetValue(Resume);
        if (resuming && outPath == null) throw new CrossbarLabException("--resume needs --out pointing at the run folder to continue.");
        return resuming;
    }
}
