using CrossbarLab.IO;

namespace CrossbarLab.Experiments;

/// <summary>
/// An experiment made of work units (<c>crossbar reproduce</c> and every sweep). Besides running whole, it runs as one
/// shard of its units into a run folder that other shards share (<see cref="RunDirectory.PrepareShared"/>), and merges
/// a sharded run with the same code that ends a whole run (<see cref="ShardedExperiment{TResult}"/>), so the merged outputs are
/// byte for byte a single process's.
/// </summary>
public interface IShardedExperiment
{
    /// <summary>Throws <see cref="InvalidConfigurationException"/> unless the configuration can be run.</summary>
    void Validate();

    /// <summary>
    /// The names of the run's work units in their fixed order (shard I of N owns positions I, I + N, …).
    /// </summary>
    IReadOnlyList<string> UnitNames();

    /// <summary>
    /// Trains the units of <paramref name="shard"/> that have not finished into <paramref name="output"/> (held
    /// shared), writing config.json if no shard has yet; reports each unit's outcome to <paramref name="outcomes"/>
    /// when known.
    /// </summary>
    ShardReport RunShard(RunDirectory output, Shard shard, IProgress<ReproductionProgress>? progress = null,
        IProgress<UnitOutcome>? outcomes = null, CancellationToken cancellation = default);
}
