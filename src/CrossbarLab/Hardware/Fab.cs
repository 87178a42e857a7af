using CrossbarLab.Devices;

namespace CrossbarLab.Hardware;

/// <summary>
/// Makes simulated dies: each die draws its rate factor, then every device its defect and its resistances, and every
/// line whether it is broken — all from streams keyed by (seed, purpose, die index), so die i is the same whichever
/// other dies are made.
/// </summary>
public sealed class Fab
{
    /// <summary>The population's defect statistics.</summary>
    public DefectStatistics Statistics { get; }
    /// <summary>The device model of every die.</summary>
    public DeviceModel Device { get; }
    /// <summary>The array of every die.</summary>
    public ArrayGeometry Geometry { get; }

    /// <summary>Checks the settings and prepares a fab.</summary>
    public Fab(DefectStatistics statistics, DeviceModel device, ArrayGeometry geometry)
    {
        statistics.Validate(); device.Validate(); geometry.Validate();
        Statistics = statistics; Device = device; Geometry = geometry;
    }

    /// <summary>Makes dies 0 … count−1.</summary>
    public IReadOnlyList<Die> MakeDies(int count, ulong seed)
    {
        if (count is < 1 or > 100_000) throw new InvalidConfigurationException($"die count {count} must be between 1 and 100,000.");
        var dies = new Die[count];
        for (int i = 0; i < count; i++) dies[i] = MakeDie(i, seed);
        return dies;
    }

    /// <summary>Makes die <paramref name="index"/>.</summary>
    public Die MakeDie(int index, ulong seed)
    {
        var s = Statistics;
        double factor = RateFactor(index, seed);
        // Cumulative thresholds of the point-defect kinds for this die (capped so they never exceed 1).
        double scale = Math.Min(factor, s.TotalPointRate > 0 ? 1 / s.TotalPointRate : 0);
        double t1 = s.ShortRate * scale, t2 = t1 + s.OpenRate * scale, t3 = t2 + s.StuckParallelRate * scale, t4 = t3 + s.StuckAntiparallelRate * scale;

        int n = Geometry.DeviceCount;
        var kinds = new byte[n];
        var defects = new RandomStream(seed, "fab-defects", index);
        for (int d = 0; d < n; d++)
        {
            double u = defects.NextDouble();
            kinds[d] = (byte)(u < t1 ? DefectKind.Short : u < t2 ? DefectKind.Open : u < t3 ? DefectKind.StuckParallel : u < t4 ? DefectKind.StuckAntiparallel : DefectKind.None);
        }

        var lines = new RandomStream(seed, "fab-lines", index);
        var rows = Enumerable.Range(0, Geometry.RowLines).Where(_ => lines.NextDouble() < s.RowLineFailureRate).ToList();
        var columns = Enumerable.Range(0, Geometry.ColumnLines).Where(_ => lines.NextDouble() < s.ColumnLineFailureRate).ToList();
        var map = new DefectMap(Geometry, kinds, rows, columns);
        // A device on a broken line is simply open; a point defect recorded under it could never be observed.
        for (int d = 0; d < n; d++) if (kinds[d] != 0 && map[d] == DefectKind.Open && OnFailedLine(map, d)) kinds[d] = 0;

        var spread = new RandomStream(seed, "fab-spread", index);
        var low = new float[n]; var high = new float[n];
        double sigma = Device.DeviceSpreadSigmaLn;
        for (int d = 0; d < n; d++)
        {
            low[d] = (float)(Device.LowResistanceOhms * Math.Exp(sigma * spread.NextGaussian()));
            high[d] = (float)(Device.HighResistanceOhms * Math.Exp(sigma * spread.NextGaussian()));
        }
        return new Die($"die-{index:D2}", $"simulated: fab seed {seed}, die {index}, rate factor {factor:F3}", Geometry, Device,
            new DefectMap(Geometry, kinds, rows, columns), low, high);
    }

    private bool OnFailedLine(DefectMap map, int device) =>
        map.FailedColumnLines.Contains(Geometry.Position(device).Column) || map.FailedRowLines.Contains(Geometry.RowLineOf(device));

    /// <summary>
    /// The factor by which die <paramref name="index"/> scales the mean point-defect rates: 0 for a clean die, else lognormal
    /// with σ = DieToDieSpreadSigmaLn, normalised so the population mean of the factor is exactly 1.
    /// </summary>
    public double RateFactor(int index, ulong seed)
    {
        var s = Statistics;
        var rng = new RandomStream(seed, "fab-die", index);
        bool clean = rng.NextDouble() < s.CleanDieFraction;
        return s.DieRateFactor(clean, rng.NextGaussian());
    }
}
