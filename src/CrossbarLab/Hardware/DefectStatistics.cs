using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CrossbarLab.Hardware;

/// <summary>
/// The defect statistics of a population of dies. Point-defect rates are fractions of devices (0.008 = 0.8 %), averaged
/// over the population; each die scales all of them by its own factor, so rates vary from die to die.
/// </summary>
/// <param name="ShortRate">Population-mean fraction of devices shorted.</param>
/// <param name="OpenRate">Population-mean fraction of devices open.</param>
/// <param name="StuckParallelRate">Population-mean fraction stuck in the low-resistance (parallel) state.</param>
/// <param name="StuckAntiparallelRate">Population-mean fraction stuck in the high-resistance (antiparallel) state.</param>
/// <param name="DieToDieSpreadSigmaLn">Die-to-die spread: σ of the natural log of a defective die's rate factor (0 = every die has the mean rates).</param>
/// <param name="CleanDieFraction">Probability that a die has no point defects at all (fraction of the population).</param>
/// <param name="RowLineFailureRate">Probability that a row (input) line of a tile is broken, per line, within each die.</param>
/// <param name="ColumnLineFailureRate">Probability that a column (output) line is broken, per line, within each die.</param>
public sealed record DefectStatistics(
    double ShortRate,
    double OpenRate,
    double StuckParallelRate,
    double StuckAntiparallelRate,
    double DieToDieSpreadSigmaLn,
    double CleanDieFraction,
    double RowLineFailureRate,
    double ColumnLineFailureRate)
{
    /// <summary>
    /// A population like the reference paper's 36 dies: about 1 % of devices defective on average, mostly shorts
    /// (0.8 % short, 0.1 % open, 0.05 % each stuck state), a lognormal die-to-die factor with σ = 0.7, and one die in ten
    /// clean. The paper gives the total rate and that shorts dominate; the split and the spread are our assumptions.
    /// </summary>
    public static DefectStatistics Reference { get; } = new(0.008, 0.001, 0.0005, 0.0005, 0.7, 0.1, 0, 0);

    /// <summary>The population-mean rate of one point-defect kind.</summary>
    public double Rate(DefectKind kind) => kind switch
    {
        DefectKind.Short => ShortRate,
        DefectKind.Open => OpenRate,
        DefectKind.StuckParallel => StuckParallelRate,
        DefectKind.StuckAntiparallel => StuckAntiparallelRate,
        _ => 0,
    };

    /// <summary>Population-mean fraction of devices with a point defect.</summary>
    [JsonIgnore] public double TotalPointRate => ShortRate + OpenRate + StuckParallelRate + StuckAntiparallelRate;

    /// <summary>
    /// The factor by which a die scales the mean point-defect rates, from its two draws: 0 for a clean die, else lognormal
    /// with σ = DieToDieSpreadSigmaLn, normalised so that the population mean of the factor is exactly 1. The fab and the
    /// training sampler both draw dies with it.
    /// </summary>
    /// <param name="clean">Whether the die drew clean (probability CleanDieFraction).</param>
    /// <param name="gaussian">The die's standard normal draw.</param>
    public double DieRateFactor(bool clean, double gaussian)
    {
        double sigma = DieToDieSpreadSigmaLn;
        return clean ? 0 : Math.Exp(sigma * gaussian - sigma * sigma / 2) / (1 - CleanDieFraction);
    }

    /// <summary>The same statistics with every rate (point and line) multiplied by <paramref name="factor"/>.</summary>
    public DefectStatistics Scaled(double factor) => this with
    {
        ShortRate = ShortRate * factor, OpenRate = OpenRate * factor, StuckParallelRate = StuckParallelRate * factor,
        StuckAntiparallelRate = StuckAntiparallelRate * factor,
        RowLineFailureRate = RowLineFailureRate * factor, ColumnLineFailureRate = ColumnLineFailureRate * factor,
    };

    /// <summary>
    /// The same population at another mean point-defect rate (fraction of devices): every rate scaled by one factor, so the
    /// mix of kinds, the die-to-die spread and the clean-die fraction stay as they are.
    /// </summary>
    public DefectStatistics AtPointRate(double rate)
    {
        if (!(rate >= 0 && rate <= 1)) throw new InvalidConfigurationException($"defect rate {rate} must be a fraction of devices in [0, 1] (0.01 = 1 %).");
        if (rate == 0) return Scaled(0);
        if (TotalPointRate == 0) throw new InvalidConfigurationException("these defect statistics have no point defects, so there is no mix of kinds to scale to a rate.");
        return Scaled(rate / TotalPointRate);
    }

    /// <summary>The section's name in the configuration tree.</summary>
    public const string Section = "population";

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        Fraction(ShortRate, "short_rate");
        Fraction(OpenRate, "open_rate");
        Fraction(StuckParallelRate, "stuck_parallel_rate");
        Fraction(StuckAntiparallelRate, "stuck_antiparallel_rate");
        Fraction(CleanDieFraction, "clean_die_fraction");
        Fraction(RowLineFailureRate, "row_line_failure_rate");
        Fraction(ColumnLineFailureRate, "column_line_failure_rate");
        if (TotalPointRate > 1)
            throw new InvalidConfigurationException($"{Section}.short_rate", ShortRate,
                $"the point-defect rates add up to {TotalPointRate}, more than every device.");
        if (CleanDieFraction >= 1 && TotalPointRate > 0)
            throw new InvalidConfigurationException($"{Section}.clean_die_fraction", CleanDieFraction,
                "leaves no die to carry the defect rates.");
        if (!(DieToDieSpreadSigmaLn >= 0 && DieToDieSpreadSigmaLn <= 5))
            throw new InvalidConfigurationException($"{Section}.die_to_die_spread_sigma_ln", DieToDieSpreadSigmaLn,
                "the die-to-die spread must be a σ of ln(rate) between 0 and 5.");
    }

    private static void Fraction(double v, string field)
    {
        if (!(v >= 0 && v <= 1))
            throw new InvalidConfigurationException($"{Section}.{field}", v, "must be a fraction in [0, 1] (0.01 = 1 %, not 1).");
    }

    /// <summary>
    /// The largest statistics file read: the eight fields take about 300 bytes, so 64 KiB leaves room for any formatting.
    /// Statistics files are written by hand, so they carry no checksum; every field is required and checked instead.
    /// </summary>
    public const long MaxFileBytes = 64 << 10;

    /// <summary>
    /// Reads statistics from JSON with the snake_case field names above. Every field is required (a hand-written file
    /// should say what it means rather than inherit the reference population's values); an unknown field is refused
    /// with the nearest valid name, a missing one by name, a value of the wrong type by its field.
    /// </summary>
    public static DefectStatistics Load(string path)
    {
        string text = IO.TextFile.Read(path, MaxFileBytes, "statistics file");
        // The record's own fields: the computed total_point_rate has no setter and is never written.
        var fields = IO.JsonConventions.Options.GetTypeInfo(typeof(DefectStatistics)).Properties
            .Where(p => p.Set != null).Select(p => p.Name).ToList();
        JsonObject root;
        try
        {
            root = IO.JsonInput.Parse(text) as JsonObject
                ?? throw new InvalidDataFileException(path, $"expected a JSON object with the fields {string.Join(", ", fields)}.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataFileException(path, $"not valid JSON ({e.Message}).", e);
        }
        foreach (var (key, _) in root)
        {
            if (fields.Contains(key))
                continue;
            string? near = IO.NearestName.Of(key, fields);
            throw new InvalidDataFileException(path, $"unknown field '{key}'"
                + (near == null ? $"; the fields are {string.Join(", ", fields)}." : $" (did you mean '{near}'?)."));
        }
        var missing = fields.Where(f => !root.ContainsKey(f)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataFileException(path, $"missing {string.Join(", ", missing)}: a statistics file gives "
                + $"all {fields.Count} fields.");
        try
        {
            var stats = root.Deserialize<DefectStatistics>(IO.JsonConventions.Options)!;
            stats.Validate();
            return stats;
        }
        catch (JsonException e)
        {
            string field = e.Path is { Length: > 2 } p ? p[2..] : "a field";
            throw new InvalidDataFileException(path, $"{field} must be a number.", e);
        }
        catch (InvalidConfigurationException e)
        {
            throw new InvalidDataFileException(path, e.Message, e);
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"short {100 * ShortRate:G3} %, open {100 * OpenRate:G3} %, stuck-parallel {100 * StuckParallelRate:G3} %, stuck-antiparallel {100 * StuckAntiparallelRate:G3} % of devices " +
        $"(mean over dies); die-to-die σ(ln) {DieToDieSpreadSigmaLn}, clean dies {100 * CleanDieFraction:G3} %; line failures: rows {100 * RowLineFailureRate:G3} %, columns {100 * ColumnLineFailureRate:G3} % per line";
}
