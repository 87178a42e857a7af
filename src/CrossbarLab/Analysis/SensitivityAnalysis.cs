using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Devices;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Analysis;

/// <summary>Test error of one model at one perturbation rate: the mean over trials with its 95 % interval.</summary>
/// <param name="Rate">The perturbation rate (see <see cref="PerturbationKind"/>).</param>
/// <param name="Error">Mean test error over the trials (fraction) with a Student-t 95 % interval.</param>
/// <param name="Trials">Draws evaluated (1 at rate 0, which is exact).</param>
public sealed record SensitivityPoint(double Rate, Estimate Error, int Trials);

/// <summary>A model's test error against the rate of one kind of perturbation.</summary>
/// <param name="Model">Label of the model.</param>
/// <param name="Kind">What was injected.</param>
/// <param name="UnperturbedError">Test error of the ideal model.</param>
/// <param name="Points">One point per rate, in the order given.</param>
public sealed record SensitivityCurve(string Model, PerturbationKind Kind, double UnperturbedError, SensitivityPoint[] Points)
{
    /// <summary>How fast error grows: the mean over nonzero rates of (mean error at the rate − unperturbed error).</summary>
    public double MeanIncrease()
    {
        var increases = Points.Where(p => p.Rate > 0).Select(p => p.Error.Value - UnperturbedError).ToList();
        return increases.Count == 0 ? 0 : increases.Average();
    }
}

/// <summary>
/// Weight-sensitivity curves: perturbations injected at increasing rates, many random trials per rate, test error
/// measured. Sign flips are evaluated bit-packed; defects and conductance variation with their real-valued effective weights.
/// </summary>
public sealed class SensitivityAnalysis
{
    private readonly SensitivityOptions _options;
    private readonly DefectStatistics _statistics;
    private readonly DeviceModel _device;
    private readonly ArrayGeometry _geometry;
    private readonly double? _saturation;
    private readonly ulong _seed;
    private readonly ICompute _compute;
    private readonly EncodedSet _test;
    private readonly DenseEvaluator _dense;

    /// <summary>Prepares curves measured on <paramref name="test"/>.</summary>
    /// <param name="statistics">Defect statistics whose rates the defects curve scales.</param>
    /// <param name="device">Device model: defect values and the conductances the variation acts on.</param>
    /// <param name="geometry">Array the network is mapped onto (where the defects fall).</param>
    /// <param name="saturation">If set, ± the value a single short forces, instead of the device-derived one.</param>
    /// <param name="seed">Seed of every draw; trial t at rate i is the same draw for every model (common random numbers).</param>
    public SensitivityAnalysis(SensitivityOptions options, DefectStatistics statistics, DeviceModel device, ArrayGeometry geometry,
        double? saturation, ulong seed, ICompute compute, EncodedSet test)
    {
        options.Validate();
        if (options.DefectRates.Any(r => r > 0) && statistics.TotalPointRate <= 0)
            throw new InvalidConfigurationException($"{DefectStatistics.Section}.short_rate", statistics.ShortRate,
                "the defect statistics have no point defects, so they cannot be scaled to a nonzero defect rate.");
        _options = options;
        _statistics = statistics;
        _device = device;
        _geometry = geometry;
        _saturation = saturation;
        _seed = seed;
        _compute = compute;
        _test = test;
        _dense = new DenseEvaluator(compute);
    }

    /// <summary>Evaluations one model's curve of <paramref name="kind"/> costs (for progress bars).</summary>
    public int Evaluations(PerturbationKind kind) => _options.Rates(kind).Sum(r => r == 0 ? 1 : _options.Trials);

    /// <summary>The curve of <paramref name="network"/> for <paramref name="kind"/>; progress counts evaluations.</summary>
    public SensitivityCurve Run(string label, BinaryNetwork network, PerturbationKind kind, IProgress<int>? progress = null)
    {
        var packed = new PackedInference(network, _compute);
        double unperturbed = packed.Error(_test);
        Func<int, int, double> trial = kind switch
        {
            PerturbationKind.SignFlip => SignFlips(network, packed),
            PerturbationKind.Defects => Defects(network),
            _ => ConductanceNoise(network),
        };
        var rates = _options.Rates(kind);
        var points = new SensitivityPoint[rates.Length];
        for (int i = 0; i < rates.Length; i++)
        {
            int trials = rates[i] == 0 ? 1 : _options.Trials;
            var errors = new double[trials];
            for (int t = 0; t < trials; t++)
            {
                errors[t] = trial(i, t);
                progress?.Report(1);
            }
            var estimate = trials == 1 ? new Estimate(errors[0], errors[0], errors[0]) : Intervals.Mean(errors, 0.95);
            points[i] = new SensitivityPoint(rates[i], estimate, trials);
        }
        return new SensitivityCurve(label, kind, unperturbed, points);
    }

    /// <summary>Trial t at rate i: each binary weight flips with probability rate, draws keyed (seed, "sensitivity-sign-flip", i, t, layer).</summary>
    private Func<int, int, double> SignFlips(BinaryNetwork network, PackedInference packed)
    {
        var binary = Enumerable.Range(0, network.Spec.LayerCount).Select(network.BinaryWeights).ToArray();
        var flipped = binary.Select(b => new float[b.Length]).ToArray();
        double[] rates = _options.SignFlipRates;
        return (i, t) =>
        {
            for (int l = 0; l < binary.Length; l++)
            {
                var rng = new RandomStream(_seed, "sensitivity-sign-flip", i, t, l);
                var b = binary[l]; var f = flipped[l];
                for (int k = 0; k < b.Length; k++) f[k] = rng.NextDouble() < rates[i] ? -b[k] : b[k];
            }
            packed.Update(flipped);
            return packed.Error(_test);
        };
    }

    /// <summary>Trial t at rate i: one defect instance of the statistics scaled to mean rate, keyed (seed, "sensitivity-defects", i, t).</summary>
    private Func<int, int, double> Defects(BinaryNetwork network)
    {
        var stats = _statistics;
        var mapping = DifferentialMapping.Create(network.Spec.Widths, _geometry);
        var samplers = _options.DefectRates
            .Select(r => new DefectSampler(stats.AtPointRate(r), _device, mapping, _saturation))
            .ToArray();
        return (i, t) =>
        {
            var instance = samplers[i].Sample(_seed, i, t, "sensitivity-defects");
            return _dense.Error(instance.EffectiveWeights(network.Weights), network.Spec.Widths, _test);
        };
    }

    /// <summary>
    /// Trial t at level σ: both devices of every cell get G·exp(σz), and the cell applies (G₊ − G₋)/(G_on − G_off) — the
    /// effective weight of <see cref="DefectEffects"/> with varied conductances. Draws keyed (seed, "sensitivity-conductance-noise", i, t, layer).
    /// </summary>
    private Func<int, int, double> ConductanceNoise(BinaryNetwork network)
    {
        double gOn = _device.OnConductance, gOff = _device.OffConductance, range = gOn - gOff;
        var weights = network.Weights;
        var effective = weights.Select(w => new float[w.Length]).ToArray();
        double[] levels = _options.NoiseLevels;
        return (i, t) =>
        {
            double sigma = levels[i];
            for (int l = 0; l < weights.Length; l++)
            {
                var rng = new RandomStream(_seed, "sensitivity-conductance-noise", i, t, l);
                var w = weights[l]; var e = effective[l];
                for (int k = 0; k < w.Length; k++)
                {
                    double up = Math.Exp(sigma * rng.NextGaussian()), down = Math.Exp(sigma * rng.NextGaussian());
                    e[k] = (float)(w[k] >= 0f ? (gOn * up - gOff * down) / range : (gOff * up - gOn * down) / range);
                }
            }
            return _dense.Error(effective, network.Spec.Widths, _test);
        };
    }
}
