using CrossbarLab.Analysis;
using CrossbarLab.Compute;
using CrossbarLab.IO;
using CrossbarLab.Reporting;
using CrossbarLab.Results;

namespace CrossbarLab.Experiments;

/// <summary>
/// <c>crossbar analyze landscape</c>: for each model, the 1-D and 2-D loss landscape around it and its sharpness, written
/// as results.json, landscape-1d-loss.png and landscape-1d-error.png (all models) and landscape-2d-LABEL.png (one per model).
/// </summary>
/// <param name="seed">Seed of the random directions.</param>
public sealed class LandscapeRun(IReadOnlyList<AnalyzedModel> models, LandscapeOptions options, ulong seed, ICompute compute)
{
    /// <summary>Computes every model's landscape; progress counts test-set evaluations.</summary>
    public List<LandscapeResult> Compute(IProgress<ReproductionProgress>? progress = null)
    {
        options.Validate();
        int done = 0;
        int total = models.Count * options.Evaluations;
        var counter = new CallbackProgress<int>(n =>
        {
            done += n;
            progress?.Report(new ReproductionProgress("loss landscapes", done, total));
        });
        return models.Select(m => LandscapeAnalysis.Run(m.Label, m.Network, m.Test, compute, options, seed, counter)).ToList();
    }

    /// <summary>Computes the landscapes and writes config.json, results.json and the figures into <paramref name="output"/>.</summary>
    public LandscapeRunResult Run(RunDirectory output, RunConfig config, IProgress<ReproductionProgress>? progress = null)
    {
        config.Validate();
        RunFolder.WriteConfig(output, config, resume: false);
        var result = new LandscapeRunResult(seed, options.Space, AnalyzedModel.Info(models), Compute(progress));
        JsonConventions.Write(output.FilePath("results.json"), result.ToJson());
        WriteFigures(result.Landscapes, models, options.Space, output.Path);
        return result;
    }

    /// <summary>PREFIX-1d-loss.png, PREFIX-1d-error.png and, where computed, PREFIX-2d-LABEL.png in <paramref name="folder"/>.</summary>
    public static void WriteFigures(IReadOnlyList<LandscapeResult> results, IReadOnlyList<AnalyzedModel> models, WeightSpace space,
        string folder, string prefix = "landscape")
    {
        AnalysisPlots.Lines(results, space, error: false, Path.Combine(folder, $"{prefix}-1d-loss.png"));
        AnalysisPlots.Lines(results, space, error: true, Path.Combine(folder, $"{prefix}-1d-error.png"));
        for (int i = 0; i < results.Count; i++)
        {
            if (results[i].Plane == null) continue;
            AnalysisPlots.Plane(results[i], space, Path.Combine(folder, $"{prefix}-2d-{models[i].FileStem}.png"));
        }
    }
}
