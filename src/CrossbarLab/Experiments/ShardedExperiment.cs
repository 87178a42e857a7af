using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.IO;
using CrossbarLab.Model;

namespace CrossbarLab.Experiments;

/// <summary>
/// The shell that <c>crossbar reproduce</c> and every sweep share. A whole run writes config.json, trains every work unit
/// in order and ends with <see cref="Finish"/>; a shard trains its part of the units into a folder other shards share;
/// a merge requires every unit finished and ends with the same <see cref="Finish"/>. Because this sequence is written
/// once, a merged run writes byte for byte what a single process writes.
/// </summary>
/// <typeparam name="TResult">The experiment's typed result.</typeparam>
public abstract class ShardedExperiment<TResult> : IShardedExperiment
{
    /// <summary>The configuration the experiment runs.</summary>
    private protected abstract RunConfig Config { get; }

    /// <summary>The backend every unit trains and evaluates on.</summary>
    private protected abstract ICompute Compute { get; }

    /// <summary>
    /// Throws <see cref="InvalidConfigurationException"/> unless the configuration can be run: its settings and the
    /// network's mapping onto the die's tiles.
    /// </summary>
    public virtual void Validate()
    {
        Config.Validate();
        EffectiveWeights.Mapping(Config.Net, Config.Array);
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> UnitNames() => [.. Units().Select(u => u.Name)];

    /// <summary>
    /// Runs the experiment into <paramref name="output"/>; with <paramref name="resume"/>, finished units are loaded.
    /// </summary>
    public TResult Run(RunDirectory output, bool resume, IProgress<ReproductionProgress>? progress = null,
        CancellationToken cancellation = default) => Run(output, resume, merge: false, progress, cancellation);

    /// <summary>Merges the sharded run in <paramref name="output"/>: every unit must have finished.</summary>
    public TResult Merge(RunDirectory output, IProgress<ReproductionProgress>? progress = null,
        CancellationToken cancellation = default) => Run(output, resume: true, merge: true, progress, cancellation);

    /// <inheritdoc/>
    public ShardReport RunShard(RunDirectory output, Shard shard, IProgress<ReproductionProgress>? progress = null,
        IProgress<UnitOutcome>? outcomes = null, CancellationToken cancellation = default)
    {
        Validate();
        var data = Data();
        RunFolder.WriteShared(output, Config, cancellation);
        var units = new WorkUnits(output, Compute, data, Units(), cancellation);
        return units.TrainShard(shard, progress, outcomes);
    }

    /// <summary>The run's work units in their fixed order, the same in every process.</summary>
    private protected abstract IEnumerable<WorkUnit> Units();

    /// <summary>
    /// MNIST in a unit's configuration. By default every unit shares the run's preprocessing, so the sets are read once.
    /// </summary>
    private protected virtual Func<RunConfig, (EncodedSet Train, EncodedSet Test)> Data()
    {
        var sets = RunData.Load(Config.Net, Config.Data);
        return _ => sets;
    }

    /// <summary>
    /// Writes what a whole run or a merge writes before the units (after config.json); a shard writes nothing here.
    /// </summary>
    private protected virtual void Prepare(RunDirectory output, IProgress<ReproductionProgress>? progress)
    {
    }

    /// <summary>Evaluates the finished units and writes results.json, figures and report.</summary>
    private protected abstract TResult Finish(RunDirectory output, WorkUnits units,
        Func<RunConfig, (EncodedSet Train, EncodedSet Test)> data, IProgress<ReproductionProgress>? progress,
        CancellationToken cancellation);

    private TResult Run(RunDirectory output, bool resume, bool merge, IProgress<ReproductionProgress>? progress,
        CancellationToken cancellation)
    {
        Validate();
        var data = Data();
        RunFolder.WriteConfig(output, Config, resume);
        Prepare(output, progress);
        var units = new WorkUnits(output, Compute, data, Units(), cancellation);
        if (merge)
            units.Merge(progress);
        else
            units.Train(resume, progress);
        return Finish(output, units, data, progress, cancellation);
    }
}
