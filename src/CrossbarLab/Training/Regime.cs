namespace CrossbarLab.Training;

/// <summary>Which defects training sees: the one thing that tells the three regimes apart (see <see cref="DefectSource"/>).</summary>
public enum Regime
{
    /// <summary>No defects: the software baseline.</summary>
    Software,
    /// <summary>One die's defects in every step.</summary>
    HardwareAware,
    /// <summary>K fresh draws per step from the population's defect statistics (the double batch).</summary>
    StatisticsAware,
}

/// <summary>Names of the regimes as users write them ("software", "hardware-aware", "statistics-aware").</summary>
public static class Regimes
{
    /// <summary>The name used on the command line and in files.</summary>
    public static string Name(this Regime regime) => regime switch
    {
        Regime.HardwareAware => "hardware-aware",
        Regime.StatisticsAware => "statistics-aware",
        _ => "software",
    };
}
