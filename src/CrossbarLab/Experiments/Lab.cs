using CrossbarLab.Compute;
using CrossbarLab.IO;
using CrossbarLab.Results;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>
/// The library's entry point for the main workflows, one configuration tree in, typed results out — the same runs the
/// <c>crossbar</c> commands make, writing the same run folders:
/// <code>
/// var lab = new Lab(RunConfig.Default.Quick());
/// ReproductionResult result = lab.Reproduce("runs/quick", progress, cancellation);
/// </code>
/// Each method validates the configuration first (an <see cref="InvalidConfigurationException"/> names the setting),
/// takes its output folder as the commands do (locked while it runs; a non-empty folder is refused unless
/// <see cref="Overwrite"/> or <see cref="Resume"/>), reports progress through <see cref="IProgress{T}"/> on the
/// calling thread and stops with an <see cref="OperationCanceledException"/> when the token is cancelled. Training
/// and reproduction check the token between training steps, evaluation between dies, deployment before it starts;
/// a cancelled training or reproduction continues from its checkpoints with <see cref="Resume"/>.
/// </summary>
/// <param name="config">The configuration tree: defaults (<see cref="RunConfig.Default"/>), a run's config.json
/// (<see cref="ConfigFile.Load"/>), or either changed with <c>with</c>.</param>
/// <param name="compute">The compute backend (default: the CPU; pass CrossbarLab.Gpu's for a GPU).</param>
public sealed class Lab(RunConfig config, ICompute? compute = null)
{
    private readonly ICompute _compute = compute ?? new CpuCompute();

    /// <summary>The configuration the runs use.</summary>
    public RunConfig Config { get; } = config ?? throw new ArgumentNullException(nameof(config));

    /// <summary>Whether an existing, non-empty output folder may be written over (the commands' --force).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Whether to continue an interrupted run in its output folder (same settings required).</summary>
    public bool Resume { get; init; }

    /// <summary>
    /// The reference paper's experiment (<c>crossbar reproduce</c>): draws <c>experiment.dies</c> dies, trains the
    /// software, hardware-aware and statistics-aware solutions, evaluates every solution on every die, analyses and
    /// deploys; writes results.json, figures and report.html into <paramref name="output"/>.
    /// </summary>
    public ReproductionResult Reproduce(string output, IProgress<ReproductionProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        var run = new Reproduction(For("reproduce"), _compute);
        run.Validate();
        cancellation.ThrowIfCancellationRequested();
        using var dir = RunDirectory.Prepare(output, Overwrite, Resume);
        return run.Run(dir, Resume, progress, cancellation);
    }

    /// <summary>
    /// One training in <c>training.regime</c> (<c>crossbar train</c>); writes model.json, results.json and the training
    /// curve into <paramref name="output"/>. Progress arrives every few training steps and after each epoch.
    /// </summary>
    public TrainRunResult Train(string output, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        var run = new TrainRun(For("train"), _compute);
        cancellation.ThrowIfCancellationRequested();
        using var dir = RunDirectory.Prepare(output, Overwrite, Resume);
        return run.Execute(dir, Resume, progress, cancellation);
    }

    /// <summary>
    /// The test error of <c>inputs.model</c>, ideal and on every die of <c>inputs.dies</c> (<c>crossbar eval</c>);
    /// with an <paramref name="output"/> folder, also writes config.json and results.json there. Progress counts dies.
    /// </summary>
    public EvaluationResult EvaluateOnDies(string? output = null, IProgress<int>? progress = null,
        CancellationToken cancellation = default)
    {
        var run = new EvalRun(For("eval"), _compute);
        cancellation.ThrowIfCancellationRequested();
        using var dir = output == null ? null : RunDirectory.Prepare(output, Overwrite);
        var dies = new CallbackProgress<int>(done =>
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Report(done);
        });
        return run.Execute(dir, dies);
    }

    /// <summary>
    /// <c>inputs.model</c> deployed to the die in <c>inputs.die</c> with the <c>deployment</c> steps
    /// (<c>crossbar deploy</c>); writes deployment.json, results.json and timing.json into <paramref name="output"/>.
    /// Progress reports the one stage "deploy" as 0 of 1 when it starts and 1 of 1 when it is done.
    /// </summary>
    public DeployRunResult Deploy(string output, IProgress<ReproductionProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        var run = new DeployRun(For("deploy"), _compute);
        cancellation.ThrowIfCancellationRequested();
        using var dir = RunDirectory.Prepare(output, Overwrite);
        progress?.Report(new ReproductionProgress("deploy", 0, 1));
        var result = run.Execute(dir);
        progress?.Report(new ReproductionProgress("deploy", 1, 1));
        return result;
    }

    /// <summary>The configuration as <paramref name="command"/> records it, validated.</summary>
    private RunConfig For(string command)
    {
        var forCommand = Config.ForCommand(command);
        forCommand.Validate();
        return forCommand;
    }
}
