namespace CrossbarLab.Experiments;

/// <summary>
/// Shard <paramref name="Index"/> of <paramref name="Count"/> (0 ≤ Index &lt; Count) of a run made of work units. A
/// shard owns the units whose position in the run's unit list leaves remainder Index when divided by Count: a fixed
/// rule, the same in every process and on every resubmission, that spreads neighbouring units (often of similar cost)
/// over all shards.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The most shards a run is split into.</summary>
    public const int MaxCount = 100_000;

    /// <summary>Whether the unit at <paramref name="position"/> of the run's list belongs to this shard.</summary>
    public bool Owns(int position) => position % Count == Index;

    /// <summary>
    /// Throws <see cref="InvalidConfigurationException"/> unless 1 ≤ Count ≤ <see cref="MaxCount"/> and 0 ≤ Index &lt;
    /// Count.
    /// </summary>
    public void Validate()
    {
        if (Count is < 1 or > MaxCount)
            throw new InvalidConfigurationException("shard", ToString(), $"the number of shards must be between 1 and "
                + $"{MaxCount:N0}.");
        if (Index < 0 || Index >= Count)
            throw new InvalidConfigurationException("shard", ToString(),
                $"the shard index counts from 0, so it must be between 0 and {Count - 1} for {Count} shards.");
    }

    /// <summary>"I/N".</summary>
    public override string ToString() => $"{Index}/{Count}";
}
