using System.Text.Json.Nodes;

namespace CrossbarLab.Results;

/// <summary>Summary statistics of test errors across dies (fractions in [0, 1]); the standard deviation is the sample one (n − 1).</summary>
public sealed record ErrorSummary(double Mean, double Std, double Median, double Min, double Max, double? GapToBaseline)
{
    /// <summary>Summarises <paramref name="errors"/>; the gap is Mean − <paramref name="baseline"/> when a baseline is given.</summary>
    public static ErrorSummary Of(IReadOnlyList<double> errors, double? baseline = null)
    {
        if (errors.Count == 0) throw new ArgumentException("No errors to summarise.");
        double mean = errors.Average();
        double std = errors.Count < 2 ? 0 : Math.Sqrt(errors.Sum(e => (e - mean) * (e - mean)) / (errors.Count - 1));
        var sorted = errors.Order().ToArray();
        int n = sorted.Length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new ErrorSummary(mean, std, median, sorted[0], sorted[^1], baseline is double b ? mean - b : null);
    }

    /// <summary>The summary as JSON fields (mean, std, median, min, max, gap_to_baseline).</summary>
    public JsonObject ToJson() => new()
    {
        ["mean"] = Mean, ["std"] = Std, ["median"] = Median, ["min"] = Min, ["max"] = Max, ["gap_to_baseline"] = GapToBaseline,
    };

    /// <summary>The summary of <paramref name="errors"/> as JSON fields, followed by the errors themselves as <c>die_errors</c>.</summary>
    public static JsonObject WithDieErrors(IReadOnlyList<double> errors, double? baseline = null)
    {
        var o = Of(errors, baseline).ToJson();
        o["die_errors"] = new JsonArray(errors.Select(e => (JsonNode)e).ToArray());
        return o;
    }
}
