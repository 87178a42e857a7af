using System.Globalization;

namespace CrossbarLab.Reporting;

/// <summary>Durations as a reader takes them in: three significant digits in the unit that keeps them above 1.</summary>
internal static class Durations
{
    /// <summary><paramref name="seconds"/> in s, ms or µs ("1.35 s", "41.3 ms", "60 µs").</summary>
    public static string Format(double seconds)
    {
        if (seconds >= 1)
            return Digits(seconds) + " s";
        if (seconds >= 1e-3)
            return Digits(1e3 * seconds) + " ms";
        return Digits(1e6 * seconds) + " µs";
    }

    private static string Digits(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}
