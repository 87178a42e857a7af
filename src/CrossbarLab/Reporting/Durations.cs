using System.Globalization;

namespace CrossbarLab.Reporting;

/// <summary>Durations as a reader takes them in: three significant digits in the unit that keeps them above 1.</summary>
internal static class Durations
{
    /// <summary><paramref name="seconds"/> in s, ms or µs ("1.35 s", "41.3 ms", "60 µs", "1,230 s").</summary>
    public static string Format(double seconds)
    {
        // Rounded first, so that 0.9996 s becomes "1 s", not "1000 ms".
        double rounded = Significant(seconds, 3);
        if (rounded >= 1)
            return Digits(rounded) + " s";
        if (rounded >= 1e-3)
            return Digits(1e3 * rounded) + " ms";
        return Digits(1e6 * rounded) + " µs";
    }

    private static double Significant(double value, int digits)
    {
        if (value <= 0)
            return 0;
        double scale = Math.Pow(10, Math.Floor(Math.Log10(value)) + 1 - digits);
        return Math.Round(value / scale) * scale;
    }

    /// <summary>Up to three significant digits, and whole numbers with thousands separators from 100 on.</summary>
    private static string Digits(double value) =>
        value.ToString(value >= 100 ? "#,##0" : "0.##", CultureInfo.InvariantCulture);
}
