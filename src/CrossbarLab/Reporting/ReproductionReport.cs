using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrossbarLab.Experiments;

namespace CrossbarLab.Reporting;

/// <summary>The self-contained report.html of <c>crossbar reproduce</c>: the figures embedded as data URIs, our numbers beside the paper's claims.</summary>
public static class ReproductionReport
{
    /// <summary>The page, built from results.json's content and the PNGs in <paramref name="folder"/>.</summary>
    public static string Html(ReproductionConfig config, JsonObject results, string folder)
    {
        string P(double? x) => x is double v && double.IsFinite(v) ? $"{100 * v:F2} %" : "–";
        var methods = results["methods"]!;
        var claims = results["paper_claims"]!;
        double baseline = (double)results["baseline_test_error"]!;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>CrossbarLab reproduction</title><style>")
          .Append("body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse;margin:1em 0}")
          .Append("td,th{border:1px solid #bbb;padding:4px 10px;text-align:right}th{background:#eee}td:first-child,th:first-child{text-align:left}")
          .Append(".ok{color:#070;font-weight:bold}.no{color:#b00;font-weight:bold}img{max-width:100%;border:1px solid #ddd;margin:.5em 0}code{background:#f4f4f4}")
          .Append("</style></head><body>");
        sb.Append("<h1>Robust training on defective crossbar dies: reproduction</h1>");
        sb.Append($"<p>Reference: Borders et al., <i>Experimental demonstration of a robust training method for strongly defective neuromorphic hardware</i>, arXiv:2312.06446. ")
          .Append($"This run: {config.Dies} simulated dies ({WebUtility.HtmlEncode(config.Device.Name)}, {WebUtility.HtmlEncode(config.Geometry.ToString())}), ")
          .Append($"network {config.Network.Shape}, {config.Training.Epochs} epochs, statistics-aware K = {config.K}, saturation {(config.Saturation is double s ? s.ToString() : "from the device model")}, seed {config.Seed}. ")
          .Append("Every number below was produced by this run; errors are MNIST test errors.</p>");

        sb.Append("<h2>Our numbers beside the paper's claims</h2><table><tr><th>claim (paper)</th><th>measured here</th><th>holds?</th></tr>");
        void Claim(string claim, string measured, bool? holds) =>
            sb.Append($"<tr><td>{claim}</td><td>{measured}</td><td class=\"{(holds == true ? "ok" : "no")}\">{(holds == true ? "yes" : holds == false ? "no" : "–")}</td></tr>");
        Claim("statistics-aware mean die error within 2 % of the software baseline",
            $"gap {P((double?)claims["statistics_aware_gap_to_baseline"])} (baseline {P(baseline)})", (bool?)claims["statistics_aware_within_2_percent"]);
        var ratio = (double?)claims["spread_reduction_software_over_statistics_aware"];
        Claim("across-die spread reduced by an order of magnitude against software weights (we ask at least 5×)",
            ratio is double r ? $"std ratio {r:F2}×" : "–", (bool?)claims["spread_reduced_at_least_5x"]);
        Claim("hardware-aware training recovers each die to near the baseline",
            $"gap on own die {P((double?)claims["hardware_aware_gap_on_own_die"])}", (bool?)claims["hardware_aware_within_2_percent_on_own_die"]);
        Claim("hardware-aware solutions do not transfer to other dies",
            $"mean on other dies {P((double?)claims["hardware_aware_mean_on_other_dies"])}", (double?)claims["hardware_aware_mean_on_other_dies"] > (double?)methods["hardware_aware"]!["mean"]);
        if (results["analysis"]?["claims"] is JsonObject why)
        {
            Claim("statistics-aware solutions have a flatter loss landscape (lower sharpness)",
                $"{Number(results["analysis"]!["statistics_aware"]!["sharpness"])} against {Number(results["analysis"]!["software"]!["sharpness"])} nats for software", (bool?)why["statistics_aware_flatter_than_software"]);
            Claim("statistics-aware solutions are less sensitive to weight perturbations (here: defects at scaled rates)",
                $"mean error increase {P((double?)results["analysis"]!["statistics_aware"]!["mean_error_increase_by_kind"]!["defects"])} against {P((double?)results["analysis"]!["software"]!["mean_error_increase_by_kind"]!["defects"])} for software",
                (bool?)why["statistics_aware_less_sensitive_to_defects_than_software"]);
        }
        sb.Append("</table>");

        sb.Append("<h2>Summary across dies</h2><table><tr><th>method</th><th>mean</th><th>std</th><th>median</th><th>min</th><th>max</th><th>gap to baseline</th></tr>");
        foreach (var (key, label) in new[] { ("software", "software"), ("hardware_aware", "hardware-aware (own die)"), ("statistics_aware", "statistics-aware") })
        {
            var m = methods[key]!;
            sb.Append($"<tr><td>{label}</td><td>{P((double?)m["mean"])}</td><td>{P((double?)m["std"])}</td><td>{P((double?)m["median"])}</td><td>{P((double?)m["min"])}</td><td>{P((double?)m["max"])}</td><td>{P((double?)m["gap_to_baseline"])}</td></tr>");
        }
        sb.Append("</table>");

        Figures(sb, folder, [
            ("die-errors.png", "Test error of each method on each die."),
            ("transfer-matrix.png", "Transfer matrix: the hardware-aware solution of die i evaluated on die j."),
            ("error-vs-defects.png", "Test error against the number of defective devices of the die."),
            ("training-curves.png", "Training curves."),
            ("dies/defect-rates.png", "Defects of the simulated population.")]);

        if (results["analysis"] is JsonObject analysis) AnalysisSection(sb, analysis, folder);

        sb.Append("<h2>Per-die errors</h2><table><tr><th>die</th><th>defect rate</th><th>software</th><th>hardware-aware (own)</th><th>statistics-aware</th></tr>");
        var dies = results["dies"]!.AsArray();
        for (int d = 0; d < dies.Count; d++)
            sb.Append($"<tr><td>{WebUtility.HtmlEncode((string?)dies[d]!["name"])}</td><td>{P((double?)dies[d]!["defect_rate"])}</td><td>{P((double?)methods["software"]!["die_errors"]![d])}</td><td>{P((double?)methods["hardware_aware"]!["die_errors"]![d])}</td><td>{P((double?)methods["statistics_aware"]!["die_errors"]![d])}</td></tr>");
        sb.Append("</table>");
        sb.Append($"<h2>Configuration</h2><pre>{WebUtility.HtmlEncode(JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true }))}</pre>");
        sb.Append("</body></html>");
        return sb.ToString();
    }

    private static string Number(JsonNode? x) => x is null ? "–" : $"{(double)x:F4}";

    /// <summary>Why it works: sharpness and sensitivity per method, and the analysis figures.</summary>
    private static void AnalysisSection(StringBuilder sb, JsonObject analysis, string folder)
    {
        string die = WebUtility.HtmlEncode((string?)analysis["hardware_aware_die"] ?? "");
        sb.Append("<h2>Why it works: sharpness and sensitivity</h2>")
          .Append($"<p>The software, the hardware-aware (trained for {die}, the die with the median number of defects) and the statistics-aware solution. ")
          .Append($"Sharpness: mean loss increase at radius ρ = {(double?)analysis["sharpness_radius"]:G3} (units of each neuron's weight norm) along random per-neuron-normalised directions, with its 95 % interval; ")
          .Append("curvature: second derivative of a quadratic fitted along the same directions. Sensitivity: the mean, over the nonzero rates, of the increase of test error over the unperturbed error. All on the MNIST test set.</p>");
        sb.Append("<table><tr><th>solution</th><th>sharpness, effective weights</th><th>curvature, effective</th><th>sharpness, latent weights</th><th>curvature, latent</th>")
          .Append("<th>error increase, sign flips</th><th>error increase, defects</th><th>error increase, conductance variation</th></tr>");
        foreach (var (key, label) in new[] { ("software", "software"), ("hardware_aware", $"hardware-aware ({die})"), ("statistics_aware", "statistics-aware") })
        {
            if (analysis[key] is not JsonObject m) continue;
            string S(string space, string field) => m["sharpness_by_space"]?[space] is JsonObject s
                ? $"{(double)s[field]!:F4} [{(double)s[field + "_ci"]![0]!:F4}, {(double)s[field + "_ci"]![1]!:F4}]" : "–";
            string I(string kind) => m["mean_error_increase_by_kind"]?[kind] is JsonNode v ? $"{100 * (double)v:F2} %" : "–";
            sb.Append($"<tr><td>{label}</td><td>{S("effective", "loss_increase")}</td><td>{S("effective", "curvature")}</td><td>{S("latent", "loss_increase")}</td><td>{S("latent", "curvature")}</td>")
              .Append($"<td>{I("sign-flip")}</td><td>{I("defects")}</td><td>{I("conductance-noise")}</td></tr>");
        }
        sb.Append("</table>");
        var figures = new List<(string, string)>
        {
            ("sensitivity-defects.png", "Test error against the mean defect rate (defects drawn from the run's statistics, rates scaled); bands: 95 % intervals over trials."),
            ("sensitivity-sign-flip.png", "Test error against the fraction of binary weights flipped."),
            ("sensitivity-conductance-noise.png", "Test error against device-to-device conductance variation σ(ln G)."),
            ("landscape-effective-1d-loss.png", "1-D loss landscape in effective-weight space."),
            ("landscape-latent-1d-error.png", "1-D error landscape in latent-weight space (the network computes with sign(W))."),
        };
        foreach (var stem in Directory.GetFiles(folder, "landscape-effective-2d-*.png").Select(Path.GetFileName).Order())
            figures.Add((stem!, $"2-D loss landscape, effective weights: {WebUtility.HtmlEncode(stem!["landscape-effective-2d-".Length..^4])}."));
        Figures(sb, folder, figures);
    }

    private static void Figures(StringBuilder sb, string folder, IEnumerable<(string File, string Caption)> figures)
    {
        foreach (var (file, caption) in figures)
        {
            string path = Path.Combine(folder, file);
            if (!File.Exists(path)) continue;
            sb.Append($"<figure><img alt=\"{caption}\" src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(path))}\"><figcaption>{caption}</figcaption></figure>");
        }
    }
}
