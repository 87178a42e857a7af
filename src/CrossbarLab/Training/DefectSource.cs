using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Training;

/// <summary>
/// Decides the training regime: which defect instances each minibatch is evaluated on. Software training sees none,
/// hardware-aware training one die's, statistics-aware training K fresh draws from the population statistics per step
/// (the double batch: samples × instances).
/// </summary>
public abstract class DefectSource
{
    /// <summary>The regime this source stands for.</summary>
    public abstract Regime Regime { get; }

    /// <summary>Defect instances per step (K).</summary>
    public abstract int Instances { get; }

    /// <summary>A description of every setting that changes the draws, recorded in outputs and checkpoints.</summary>
    public abstract string Description { get; }

    /// <summary>Fills <paramref name="instances"/> (length K) with the instances of training step <paramref name="step"/>.</summary>
    public abstract void Draw(long step, CellDefects[] instances);
}

/// <summary>The software baseline: one instance without defects.</summary>
public sealed class NoDefects(int layers) : DefectSource
{
    private readonly CellDefects _clean = CellDefects.Clean(layers);
    /// <inheritdoc/>
    public override Regime Regime => Regime.Software;
    /// <inheritdoc/>
    public override int Instances => 1;
    /// <inheritdoc/>
    public override string Description => "software: no defects";
    /// <inheritdoc/>
    public override void Draw(long step, CellDefects[] instances) => instances[0] = _clean;
}

/// <summary>Hardware-aware training: the defects of one die in every step.</summary>
public sealed class FixedDefects(CellDefects defects, string dieName) : DefectSource
{
    /// <summary>The die's defective cells.</summary>
    public CellDefects Defects { get; } = defects;
    /// <inheritdoc/>
    public override Regime Regime => Regime.HardwareAware;
    /// <inheritdoc/>
    public override int Instances => 1;
    /// <inheritdoc/>
    public override string Description => $"hardware-aware: die {dieName}, {Defects.Count} defective cells";
    /// <inheritdoc/>
    public override void Draw(long step, CellDefects[] instances) => instances[0] = Defects;
}

/// <summary>
/// Statistics-aware training: K instances per step drawn from the population statistics, either fresh every step
/// (key (seed, step, k)) or, with a pool of P maps drawn once, instance k of step t is map (t·K + k) mod P.
/// </summary>
public sealed class SampledDefects : DefectSource
{
    private readonly DefectSampler _sampler;
    private readonly ulong _seed;
    private readonly CellDefects[]? _pool;
    private readonly string _statistics;

    /// <summary>Prepares the source; a pool is drawn here if <paramref name="pool"/> &gt; 0.</summary>
    public SampledDefects(DefectSampler sampler, int k, int pool, ulong seed, string statisticsDescription)
    {
        // The settings were validated with the configuration (TrainingOptions); these are preconditions.
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(pool);
        _sampler = sampler; _seed = seed; Instances = k; _statistics = statisticsDescription;
        if (pool > 0) _pool = Enumerable.Range(0, pool).Select(i => sampler.Sample(seed, -1, i)).ToArray();
    }

    /// <inheritdoc/>
    public override Regime Regime => Regime.StatisticsAware;
    /// <inheritdoc/>
    public override int Instances { get; }
    /// <inheritdoc/>
    public override string Description => $"statistics-aware: K = {Instances}, {(_pool == null ? "fresh maps every step" : $"pool of {_pool.Length} maps")}, {_statistics}";

    /// <inheritdoc/>
    public override void Draw(long step, CellDefects[] instances)
    {
        // Fresh maps are keyed by (seed, step, k), so they are drawn on all threads at once.
        if (_pool == null) { _sampler.SampleMany(_seed, step, instances, Instances); return; }
        for (int k = 0; k < Instances; k++) instances[k] = _pool[(int)((step * Instances + k) % _pool.Length)];
    }
}
