using System.Text.Json.Nodes;
using CrossbarLab.Analysis;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Reporting;

namespace CrossbarLab.Experiments;

/// <summary>
/// The analysis stage of <c>crossbar reproduce</c>: sensitivity curves (every perturbation kind) and loss landscapes (latent
/// and effective weights) of the software, one hardware-aware and the statistics-aware solution. Writes analysis.json (every
/// curve and grid) and the figures, and returns the `analysis` section of results.json.
/// </summary>
/// <remarks>
/// The contract's <c>sharpness</c> is the mean loss increase at radius ρ in the effective-weight space, because that is the
/// space defects act in (a short moves an effective weight, not a latent one); the latent-space value is reported beside
/// it. The contract's <c>sensitivity</c> is the defects curve, drawn from the run's own defect statistics and devices.
/// </remarks>
internal sealed class ReproductionAnalysis(ReproductionConfig config, ICompute compute, EncodedSet test)
{
    private static readonly (string Key, string Label)[] Methods = [("software", "software"), ("hardware_aware", "hardware-aware"), ("statistics_aware", "statistics-aware")];

    /// <summary>The die whose hardware-aware solution is analysed: the one with the median number of defective devices (lower median).</summary>
    public static int MedianDie(IReadOnlyList<Die> dies) =>
        Enumerable.Range(0, dies.Count).OrderBy(d => dies[d].Defects.DefectiveDevices).ThenBy(d => d).ElementAt((dies.Count - 1) / 2);

    /// <summary>Analyses the three solutions (software, hardware-aware for <paramref name="die"/>, statistics-aware) into <paramref name="output"/>.</summary>
    public JsonObject Run(BinaryNetwork software, BinaryNetwork hardwareAware, string die, BinaryNetwork statistics, RunDirectory output, IProgress<ReproductionProgress>? progress)
    {
        var models = new List<AnalyzedModel>
        {
            new("software", "", software, test), new($"hardware-aware-{die}", "", hardwareAware, test), new("statistics-aware", "", statistics, test),
        };
        var sensitivity = SensitivityOptions.Default with
        {
            Trials = config.SensitivityTrials, Statistics = config.Statistics, Device = config.Device, Geometry = config.Geometry, Seed = config.Seed,
        };
        var curves = new SensitivityRun(models, sensitivity, PerturbationKinds.All, compute).Compute(progress);
        SensitivityRun.WriteFigures(curves, output.Path);
        var landscapes = new Dictionary<WeightSpace, List<LandscapeResult>>();
        foreach (var space in new[] { WeightSpace.Effective, WeightSpace.Latent })
        {
            var options = config.Landscape with { Space = space };
            landscapes[space] = new LandscapeRun(models, options, compute).Compute(new CallbackProgress<ReproductionProgress>(p => progress?.Report(p with { Stage = $"loss landscapes, {space.Name()} weights" })));
            LandscapeRun.WriteFigures(landscapes[space], models, space, output.Path, $"landscape-{space.Name()}");
        }

        Json.Write(output.FilePath("analysis.json"), new JsonObject
        {
            ["sensitivity"] = new JsonArray(curves.Select(c => (JsonNode)AnalysisJson.Curve(c)).ToArray()),
            ["landscapes"] = new JsonObject(landscapes.Select(kv => KeyValuePair.Create(kv.Key.Name(),
                (JsonNode?)new JsonArray(kv.Value.Select(r => (JsonNode)AnalysisJson.Landscape(r)).ToArray())))),
        });

        var section = new JsonObject
        {
            ["hardware_aware_die"] = die,
            ["sharpness_space"] = WeightSpace.Effective.Name(),
            ["sharpness_radius"] = config.Landscape.Radius,
            ["sensitivity_kind"] = PerturbationKind.Defects.Name(),
        };
        for (int m = 0; m < Methods.Length; m++)
        {
            var own = curves.Where(c => c.Model == models[m].Label).ToList();
            section[Methods[m].Key] = new JsonObject
            {
                ["sharpness"] = landscapes[WeightSpace.Effective][m].Sharpness.LossIncrease.Value,
                ["sensitivity"] = AnalysisJson.Points(own.Single(c => c.Kind == PerturbationKind.Defects)),
                ["sharpness_by_space"] = new JsonObject(landscapes.Select(kv => KeyValuePair.Create(kv.Key.Name(), (JsonNode?)AnalysisJson.Sharpness(kv.Value[m].Sharpness)))),
                ["mean_error_increase_by_kind"] = new JsonObject(own.Select(c => KeyValuePair.Create(c.Kind.Name(), (JsonNode?)MeanIncrease(c)))),
                ["sensitivity_by_kind"] = new JsonObject(own.Select(c => KeyValuePair.Create(c.Kind.Name(), (JsonNode?)AnalysisJson.Points(c)))),
            };
        }
        double Sharp(int m) => landscapes[WeightSpace.Effective][m].Sharpness.LossIncrease.Value;
        double Increase(int m, PerturbationKind kind) => MeanIncrease(curves.Single(c => c.Model == models[m].Label && c.Kind == kind));
        section["claims"] = new JsonObject
        {
            ["statistics_aware_flatter_than_software"] = Sharp(2) < Sharp(0),
            ["statistics_aware_less_sensitive_to_defects_than_software"] = Increase(2, PerturbationKind.Defects) < Increase(0, PerturbationKind.Defects),
            ["statistics_aware_less_sensitive_to_every_perturbation"] = PerturbationKinds.All.All(k => Increase(2, k) < Increase(0, k)),
        };
        return section;
    }

    /// <summary>How fast error grows: the mean over nonzero rates of (mean error at the rate − unperturbed error).</summary>
    public static double MeanIncrease(SensitivityCurve curve)
    {
        var increases = curve.Points.Where(p => p.Rate > 0).Select(p => p.Error.Value - curve.UnperturbedError).ToList();
        return increases.Count == 0 ? 0 : increases.Average();
    }
}
