namespace CrossbarLab.Experiments;

/// <summary>What a shard found a work unit in and left it in.</summary>
public enum UnitState
{
    /// <summary>This shard trained it to the end (continuing from its checkpoint if one was there).</summary>
    Trained,
    /// <summary>
    /// It had finished before (in an earlier submission, or in another process this shard waited for).
    /// </summary>
    AlreadyFinished,
}

/// <summary>One work unit of a shard.</summary>
/// <param name="Name">The unit's name.</param>
/// <param name="State">What happened to it.</param>
/// <param name="Waited">Whether another process held the unit, so this shard waited for it first.</param>
/// <param name="TakenOver">Whether the unit's claim was left by a process that was killed while it held it.</param>
public sealed record UnitOutcome(string Name, UnitState State, bool Waited, bool TakenOver);

/// <summary>What one shard did: its units, of <paramref name="TotalUnits"/> in the run.</summary>
public sealed record ShardReport(Shard Shard, int TotalUnits, IReadOnlyList<UnitOutcome> Units);
