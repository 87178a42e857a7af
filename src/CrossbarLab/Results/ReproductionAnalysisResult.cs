using System.Text.Json.Nodes;
using CrossbarLab.Analysis;

namespace CrossbarLab.Results;

/// <summary>
/// The analysis stage of a reproduction: sensitivity curves (every kind) and landscapes (both weight spaces) of the
/// software, one hardware-aware and the statistics-aware solution, in that order.
/// </summary>
/// <param name="HardwareAwareDie">Name of the die whose hardware-aware solution was analysed.</param>
/// <param name="Radius">Radius ρ of the sharpness measure (weight norms).</param>
/// <param name="Models">Labels of the three solutions, in method order.</param>
/// <param name="Curves">Every sensitivity curve (each kind, each model).</param>
/// <param name="Landscapes">Per weight space (effective first), one landscape per model in method order.</param>
public sealed record ReproductionAnalysisResult(string HardwareAwareDie, double Radius, IReadOnlyList<string> Models,
    IReadOnlyList<SensitivityCurve> Curves, IReadOnlyList<(WeightSpace Space, IReadOnlyList<LandscapeResult> Results)> Landscapes)
{
    /// <summary>results.json keys of the three methods, in order.</summary>
    public static IReadOnlyList<string> MethodKeys { get; } = ["software", "hardware_aware", "statistics_aware"];

    /// <summary>Effective-space sharpness (mean loss increase at ρ, nats) of method <paramref name="m"/>: the contract's <c>sharpness</c>.</summary>
    public double Sharpness(int m) => Landscape(WeightSpace.Effective, m).Sharpness.LossIncrease.Value;

    /// <summary>The landscape of method <paramref name="m"/> in <paramref name="space"/>.</summary>
    public LandscapeResult Landscape(WeightSpace space, int m) => Landscapes.First(l => l.Space == space).Results[m];

    /// <summary>Method <paramref name="m"/>'s curve of <paramref name="kind"/>.</summary>
    public SensitivityCurve Curve(int m, PerturbationKind kind) => Curves.Single(c => c.Model == Models[m] && c.Kind == kind);

    /// <summary>Method <paramref name="m"/>'s mean error increase under <paramref name="kind"/>.</summary>
    public double Increase(int m, PerturbationKind kind) => Curve(m, kind).MeanIncrease();

    /// <summary>Whether the statistics-aware solution is flatter than software weights (lower effective-space sharpness).</summary>
    public bool StatisticsAwareFlatter => Sharpness(2) < Sharpness(0);

    /// <summary>Whether the statistics-aware solution's error grows more slowly under defects than software weights'.</summary>
    public bool StatisticsAwareLessSensitiveToDefects => Increase(2, PerturbationKind.Defects) < Increase(0, PerturbationKind.Defects);

    /// <summary>The <c>analysis</c> section of results.json.</summary>
    public JsonObject ToJson()
    {
        var section = new JsonObject
        {
            ["hardware_aware_die"] = HardwareAwareDie,
            ["sharpness_space"] = WeightSpace.Effective.Name(),
            ["sharpness_radius"] = Radius,
            ["sensitivity_kind"] = PerturbationKind.Defects.Name(),
        };
        for (int m = 0; m < MethodKeys.Count; m++)
        {
            var own = Curves.Where(c => c.Model == Models[m]).ToList();
            section[MethodKeys[m]] = new JsonObject
            {
                ["sharpness"] = Sharpness(m),
                ["sensitivity"] = AnalysisJson.Points(Curve(m, PerturbationKind.Defects)),
                ["sharpness_by_space"] = new JsonObject(Landscapes.Select(l =>
                    KeyValuePair.Create(l.Space.Name(), (JsonNode?)AnalysisJson.Sharpness(l.Results[m].Sharpness)))),
                ["mean_error_increase_by_kind"] = new JsonObject(own.Select(c =>
                    KeyValuePair.Create(c.Kind.Name(), (JsonNode?)c.MeanIncrease()))),
                ["sensitivity_by_kind"] = new JsonObject(own.Select(c =>
                    KeyValuePair.Create(c.Kind.Name(), (JsonNode?)AnalysisJson.Points(c)))),
            };
        }
        section["claims"] = new JsonObject
        {
            ["statistics_aware_flatter_than_software"] = StatisticsAwareFlatter,
            ["statistics_aware_less_sensitive_to_defects_than_software"] = StatisticsAwareLessSensitiveToDefects,
            ["statistics_aware_less_sensitive_to_every_perturbation"] =
                PerturbationKinds.All.All(k => Increase(2, k) < Increase(0, k)),
        };
        return section;
    }

    /// <summary>analysis.json: every curve and every landscape grid.</summary>
    public JsonObject FileJson() => new()
    {
        ["sensitivity"] = new JsonArray(Curves.Select(c => (JsonNode)AnalysisJson.Curve(c)).ToArray()),
        ["landscapes"] = new JsonObject(Landscapes.Select(l => KeyValuePair.Create(l.Space.Name(),
            (JsonNode?)new JsonArray(l.Results.Select(r => (JsonNode)AnalysisJson.Landscape(r)).ToArray())))),
    };
}
