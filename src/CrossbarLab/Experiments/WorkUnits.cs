using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>
/// The work units of a run (<see cref="WorkUnit"/>), declared in a fixed order before any runs. A whole run trains them
/// all in that order; a shard trains only its own (<see cref="Shard.Owns"/>), each under a <see cref="UnitLock"/> so
/// that processes sharing the run folder never train one unit at once; a merge requires every unit finished. After a
/// whole run or a merge the assembly (evaluation, analysis, results) reads the finished units through this object, and
/// since a finished unit loads bit for bit as it was trained, a merged run writes exactly what a single process writes.
/// </summary>
/// <param name="data">The training and test sets in a unit's configuration (its preprocessing).</param>
internal sealed class WorkUnits(RunDirectory output, ICompute compute, Func<RunConfig, (EncodedSet Train,
    EncodedSet Test)> data,
    IEnumerable<WorkUnit> units, CancellationToken cancellation)
{
    /// <summary>How long a shard waits between attempts to claim a unit that another process holds.</summary>
    private static readonly TimeSpan ClaimRetry = TimeSpan.FromMilliseconds(500);

    private readonly List<WorkUnit> _units = Declared(units);
    private readonly Dictionary<string, BinaryNetwork> _networks = [];
    private readonly Dictionary<string, IReadOnlyList<EpochRecord>> _histories = [];

    /// <summary>Every unit, in order.</summary>
    public IReadOnlyList<WorkUnit> All => _units;

    /// <summary>Per-epoch history of every unit trained or loaded, by name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<EpochRecord>> Histories => _histories;

    /// <summary>
    /// The trained network of the unit <paramref name="name"/> (after <see cref="Train"/> or <see cref="Merge"/>).
    /// </summary>
    public BinaryNetwork this[string name] => _networks.TryGetValue(name, out var network) ? network
        : throw new InvalidOperationException($"Work unit {name} was not declared or not run.");

    /// <summary>The units in order, each name safe as a file name and used once.</summary>
    private static List<WorkUnit> Declared(IEnumerable<WorkUnit> units)
    {
        var list = units.ToList();
        var twice = list.GroupBy(u => u.Name).FirstOrDefault(g => g.Count() > 1)?.Key;
        var unsafeName = list.FirstOrDefault(u => !SafeName.IsSafe(u.Name))?.Name;
        if (twice != null || unsafeName != null)
            throw new InvalidOperationException($"Work unit name {twice ?? unsafeName} is declared twice or unsafe.");
        return list;
    }

    /// <summary>Trains every unit in order (with <paramref name="resume"/>, finished ones are loaded).</summary>
    public void Train(bool resume, IProgress<ReproductionProgress>? progress)
    {
        var counter = new StageCounter(_units, progress);
        foreach (var unit in _units)
        {
            cancellation.ThrowIfCancellationRequested();
            Run(unit, resume, counter);
        }
    }

    /// <summary>
    /// The merge of a sharded run: throws unless every unit has finished (naming those that have not), then loads them
    /// all.
    /// </summary>
    public void Merge(IProgress<ReproductionProgress>? progress)
    {
        var missing = _units.Where(u => !StagedTraining.Finished(output, u.Name)).Select(u => u.Name).ToList();
        if (missing.Count > 0)
            throw new CrossbarLabException($"the run in {output.Path} is not complete: {missing.Count} of "
                + $"{_units.Count} work units have not finished "
                    + $"({string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}). Run "
                + "the shards that own them again (finished units are kept), then merge.");
        Train(resume: true, progress);
    }

    /// <summary>
    /// Trains the units of <paramref name="shard"/> that have not finished. Each is claimed first; a unit another
    /// process holds is waited for (a killed holder loses its claim, and this shard then continues the unit from its
    /// checkpoint). Each unit's outcome is reported to <paramref name="outcomes"/> as soon as it is known.
    /// </summary>
    public ShardReport TrainShard(Shard shard, IProgress<ReproductionProgress>? progress,
        IProgress<UnitOutcome>? outcomes)
    {
        shard.Validate();
        var mine = _units.Where((_, position) => shard.Owns(position)).ToList();
        var counter = new StageCounter(mine, progress);
        var done = new List<UnitOutcome>();
        foreach (var unit in mine)
        {
            cancellation.ThrowIfCancellationRequested();
            var (claim, waited) = Claim(unit.Name, progress);
            using (claim)
            {
                bool finished = StagedTraining.Finished(output, unit.Name);
                if (!finished)
                    Run(unit, resume: true, counter);
                var outcome = new UnitOutcome(unit.Name, finished ? UnitState.AlreadyFinished : UnitState.Trained,
                    waited,
                    claim.TakenOver);
                done.Add(outcome);
                outcomes?.Report(outcome);
            }
        }
        return new ShardReport(shard, _units.Count, done);
    }

    private void Run(WorkUnit unit, bool resume, StageCounter counter)
    {
        var (train, test) = data(unit.Config);
        var stages = new StagedTraining(output, unit.Config, compute, train, test, resume, cancellation);
        _networks[unit.Name] = stages.Train(unit.Name, unit.Options, counter.Steps(unit), unit.Population, unit.Die);
        _histories[unit.Name] = stages.Histories[unit.Name];
        counter.Finished(unit);
    }

    /// <summary>Claims <paramref name="unit"/>, waiting while another process holds it.</summary>
    private (UnitLock Claim, bool Waited) Claim(string unit, IProgress<ReproductionProgress>? progress)
    {
        bool waited = false;
        while (true)
        {
            if (UnitLock.TryAcquire(output, unit) is { } claim)
                return (claim, waited);
            if (!waited)
                progress?.Report(new ReproductionProgress($"waiting for {unit}, which another process is training", 0,
                    1));
            waited = true;
            cancellation.WaitHandle.WaitOne(ClaimRetry);
            cancellation.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Progress by stage label: a unit alone under its label reports its training steps; units that share a label
    /// ("hardware-aware (one per die)") are counted as they finish.
    /// </summary>
    private sealed class StageCounter(IReadOnlyList<WorkUnit> units, IProgress<ReproductionProgress>? progress)
    {
        private readonly Dictionary<string, int> _totals = units.GroupBy(u => u.Stage).ToDictionary(g => g.Key,
            g => g.Count());
        private readonly Dictionary<string, int> _done = [];

        public IProgress<TrainingProgress>? Steps(WorkUnit unit) =>
            _totals[unit.Stage] == 1 ? StagedTraining.StageSteps(progress, unit.Stage) : null;

        public void Finished(WorkUnit unit)
        {
            int done = _done[unit.Stage] = _done.GetValueOrDefault(unit.Stage) + 1;
            progress?.Report(new ReproductionProgress(unit.Stage, done, _totals[unit.Stage]));
        }
    }
}
