using CrossbarLab.Analysis;
using CrossbarLab.Compute;
using CrossbarLab.IO;
using CrossbarLab.Reporting;
using CrossbarLab.Results;

namespace CrossbarLab.Experiments;

/// <summary>
/// <c>crossbar analyze sensitivity</c>: the sensitivity curves of several models for each configured perturbation kind,
/// written as results.json and one figure per kind (sensitivity-KIND.png) with every model on it. Defects are drawn from
/// the configuration's population, devices and array, with the devices' own short strength (a training saturation is a
/// training hyperparameter, not physics, so it plays no part here).
/// </summary>
public sealed class SensitivityRun(IReadOnlyList<AnalyzedModel> models, RunConfig config, ICompute compute)
{
    /// <summary>Computes every curve; progress counts test-set evaluations per kind.</summary>
    public List<SensitivityCurve> Compute(IProgress<ReproductionProgress>? progress = null)
    {
        var options = config.Analysis.Sensitivity;
        var curves = new List<SensitivityCurve>();
        foreach (var kind in options.Kinds.Distinct())
        {
            string stage = $"sensitivity to {kind.Name()}";
            var analyses = models.Select(m => new SensitivityAnalysis(options, config.Population, config.Device, config.Array,
                saturation: null, config.Seed, compute, m.Test)).ToList();
            int done = 0;
            int total = analyses.Sum(a => a.Evaluations(kind));
            var counter = new CallbackProgress<int>(n =>
            {
                done += n;
                progress?.Report(new ReproductionProgress(stage, done, total));
            });
            for (int m = 0; m < models.Count; m++) curves.Add(analyses[m].Run(models[m].Label, models[m].Network, kind, counter));
        }
        return curves;
    }

    /// <summary>Computes the curves and writes config.json, results.json and the figures into <paramref name="output"/>.</summary>
    public SensitivityRunResult Run(RunDirectory output, IProgress<ReproductionProgress>? progress = null)
    {
        config.Validate();
        RunFolder.WriteConfig(output, config, resume: false);
        var result = new SensitivityRunResult(config.Seed, config.Analysis.Sensitivity.Trials, AnalyzedModel.Info(models), Compute(progress));
        JsonConventions.Write(output.FilePath("results.json"), result.ToJson());
        WriteFigures(result.Curves, output.Path);
        return result;
    }

    /// <summary>One figure per kind: sensitivity-KIND.png in <paramref name="folder"/>.</summary>
    public static void WriteFigures(IReadOnlyList<SensitivityCurve> curves, string folder)
    {
        foreach (var group in curves.GroupBy(c => c.Kind))
            AnalysisPlots.Sensitivity(group.ToList(), Path.Combine(folder, $"sensitivity-{group.Key.Name()}.png"));
    }
}
