using System.Text.Json.Nodes;
using CrossbarLab.Analysis;
using CrossbarLab.Compute;
using CrossbarLab.IO;
using CrossbarLab.Reporting;

namespace CrossbarLab.Experiments;

/// <summary>
/// <c>crossbar analyze sensitivity</c>: the sensitivity curves of several models for each perturbation kind, written as
/// results.json and one figure per kind (sensitivity-KIND.png) with every model on it.
/// </summary>
public sealed class SensitivityRun(IReadOnlyList<AnalyzedModel> models, SensitivityOptions options, IReadOnlyList<PerturbationKind> kinds, ICompute compute)
{
    /// <summary>Computes every curve; progress counts test-set evaluations per kind.</summary>
    public List<SensitivityCurve> Compute(IProgress<ReproductionProgress>? progress = null)
    {
        options.Validate();
        if (kinds.Count == 0) throw new InvalidConfigurationException("choose at least one perturbation kind.");
        var curves = new List<SensitivityCurve>();
        foreach (var kind in kinds)
        {
            string stage = $"sensitivity to {kind.Name()}";
            var analyses = models.Select(m => new SensitivityAnalysis(options, compute, m.Test)).ToList();
            int done = 0, total = analyses.Sum(a => a.Evaluations(kind));
            var counter = new CallbackProgress<int>(n => { done += n; progress?.Report(new ReproductionProgress(stage, done, total)); });
            for (int m = 0; m < models.Count; m++) curves.Add(analyses[m].Run(models[m].Label, models[m].Network, kind, counter));
        }
        return curves;
    }

    /// <summary>Computes the curves and writes config.json, results.json and the figures into <paramref name="output"/>.</summary>
    public List<SensitivityCurve> Run(RunDirectory output, IProgress<ReproductionProgress>? progress = null)
    {
        Json.Write(output.FilePath("config.json"), new JsonObject
        {
            ["command"] = "analyze sensitivity", ["crossbarlab_version"] = TrainRun.Version, ["backend"] = compute.Name, ["seed"] = options.Seed,
            ["models"] = AnalyzedModel.ToJson(models), ["kinds"] = new JsonArray(kinds.Select(k => (JsonNode)k.Name()).ToArray()), ["options"] = Json.ToNode(options),
        });
        var curves = Compute(progress);
        Json.Write(output.FilePath("results.json"), new JsonObject
        {
            ["command"] = "analyze sensitivity", ["seed"] = options.Seed, ["trials"] = options.Trials, ["confidence"] = 0.95,
            ["models"] = AnalyzedModel.ToJson(models),
            ["curves"] = new JsonArray(curves.Select(c => (JsonNode)AnalysisJson.Curve(c)).ToArray()),
        });
        WriteFigures(curves, output.Path);
        return curves;
    }

    /// <summary>One figure per kind: sensitivity-KIND.png in <paramref name="folder"/>.</summary>
    public static void WriteFigures(IReadOnlyList<SensitivityCurve> curves, string folder)
    {
        foreach (var group in curves.GroupBy(c => c.Kind))
            AnalysisPlots.Sensitivity(group.ToList(), Path.Combine(folder, $"sensitivity-{group.Key.Name()}.png"));
    }
}
