using System.Net;
using System.Text;
using CrossbarLab.Results;

namespace CrossbarLab.Reporting;

/// <summary>The self-contained report.html of <c>crossbar sweep scenarios</c>: the grid, every scenario's numbers, the figure.</summary>
public static class ScenarioReport
{
    /// <summary>The page for <paramref name="r"/>, with scenarios.png from <paramref name="folder"/>.</summary>
    public static string Html(ScenarioSweepResult r, string configurationJson, string folder)
    {
        var sb = new StringBuilder();
        HtmlPage.Open(sb, "CrossbarLab scenario sweep");
        sb.Append("<h1>Where statistics-aware training holds: the scenario grid</h1>");
        sb.Append("<p>The grid was fixed before any result: what sits on the die (every layer, or the first only) × how inputs are ")
          .Append("applied (±1, or 0/1 with digital offsets) × how strong a short is (weak, device, strong) × how many defects a die has ")
          .Append($"(the reference population, or 0.1 % defective devices). {r.Dies} dies per scenario, drawn with seed {r.Seed}; ")
          .Append($"statistics-aware K = {r.K}. Calibration: per-die offsets from training images, no defect map. The paper's three ")
          .Append("observations: software weights badly degraded (mean more than 2 points above the baseline), statistics-aware within 2 ")
          .Append("points of the baseline, spread across dies reduced at least 5× against software weights. ")
          .Append($"Closest to the paper's picture: <b>{WebUtility.HtmlEncode(r.Closest.Switches.Key)}</b>.</p>");
        sb.Append("<table><tr><th>scenario</th><th>single short</th><th>baseline</th><th>software</th><th>statistics-aware</th>")
          .Append("<th>software + calibration</th><th>statistics-aware + calibration</th><th>spread reduction</th>")
          .Append("<th>software degraded</th><th>within 2 points</th><th>spread ≥ 5×</th><th>calibrated: within 2 / ≥ 5×</th></tr>");
        foreach (var s in r.Scenarios)
        {
            var c = s.Claims;
            var cc = s.CalibratedClaims;
            sb.Append($"<tr><td>{WebUtility.HtmlEncode(s.Switches.Key)}</td><td>{s.Switches.SingleShortWeight:F2}</td>")
              .Append($"<td>{HtmlPage.Percent(s.BaselineTestError)}</td><td>{MeanStd(s.Software)}</td><td>{MeanStd(s.StatisticsAware)}</td>")
              .Append($"<td>{MeanStd(s.SoftwareCalibrated)}</td><td>{MeanStd(s.StatisticsAwareCalibrated)}</td>")
              .Append($"<td>{(c.SpreadReduction is double x ? $"{x:F2}×" : "–")}</td>")
              .Append($"<td>{Verdict(s.SoftwareDegraded)}</td><td>{Verdict(c.WithinGap)}</td><td>{Verdict(c.SpreadReduced)}</td>")
              .Append($"<td>{Verdict(cc.WithinGap)} / {Verdict(cc.SpreadReduced)}</td></tr>");
        }
        sb.Append("</table>");
        HtmlPage.Figures(sb, folder, [("scenarios.png", "The grid: statistics-aware gap to the baseline and spread reduction; ★ where the claim holds.")]);
        sb.Append($"<h2>Configuration</h2><pre>{WebUtility.HtmlEncode(configurationJson)}</pre>");
        HtmlPage.Close(sb);
        return sb.ToString();
    }

    private static string MeanStd(double[] errors)
    {
        var s = ErrorSummary.Of(errors);
        return $"{100 * s.Mean:F2} ± {100 * s.Std:F2} %";
    }

    private static string Verdict(bool holds) => holds ? "<span class=\"ok\">yes</span>" : "<span class=\"no\">no</span>";
}
