using CrossbarLab.Analysis;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Results;

namespace CrossbarLab.Experiments;

/// <summary>
/// The analysis stage of <c>crossbar reproduce</c>: sensitivity curves (every perturbation kind) and loss landscapes (latent
/// and effective weights) of the software, one hardware-aware and the statistics-aware solution. Writes analysis.json (every
/// curve and grid) and the figures.
/// </summary>
/// <remarks>
/// The contract's <c>sharpness</c> is the mean loss increase at radius ρ in the effective-weight space, because that is the
/// space defects act in (a short moves an effective weight, not a latent one); the latent-space value is reported beside
/// it. The contract's <c>sensitivity</c> is the defects curve, drawn from the run's own defect statistics and devices.
/// </remarks>
internal sealed class ReproductionAnalysis(RunConfig config, ICompute compute, EncodedSet test)
{
    /// <summary>The die whose hardware-aware solution is analysed: the one with the median number of defective devices (lower median).</summary>
    public static int MedianDie(IReadOnlyList<Die> dies) =>
        Enumerable.Range(0, dies.Count).OrderBy(d => dies[d].Defects.DefectiveDevices).ThenBy(d => d).ElementAt((dies.Count - 1) / 2);

    /// <summary>Analyses the three solutions (software, hardware-aware for <paramref name="die"/>, statistics-aware) into <paramref name="output"/>.</summary>
    public ReproductionAnalysisResult Run(BinaryNetwork software, BinaryNetwork hardwareAware, string die, BinaryNetwork statistics,
        RunDirectory output, IProgress<ReproductionProgress>? progress)
    {
        var models = new List<AnalyzedModel>
        {
            new("software", "", software, test),
            new($"hardware-aware-{die}", "", hardwareAware, test),
            new("statistics-aware", "", statistics, test),
        };
        var sensitivity = config.Analysis.Sensitivity with { Kinds = PerturbationKinds.All };
        var curves = new SensitivityRun(models, config with { Analysis = config.Analysis with { Sensitivity = sensitivity } }, compute)
            .Compute(progress);
        SensitivityRun.WriteFigures(curves, output.Path);
        var landscapes = new List<(WeightSpace, IReadOnlyList<LandscapeResult>)>();
        foreach (var space in new[] { WeightSpace.Effective, WeightSpace.Latent })
        {
            var options = config.Analysis.Landscape with { Space = space };
            var stage = new CallbackProgress<ReproductionProgress>(p => progress?.Report(p with { Stage = $"loss landscapes, {space.Name()} weights" }));
            var results = new LandscapeRun(models, options, config.Seed, compute).Compute(stage);
            LandscapeRun.WriteFigures(results, models, space, output.Path, $"landscape-{space.Name()}");
            landscapes.Add((space, results));
        }
        var result = new ReproductionAnalysisResult(die, config.Analysis.Landscape.Radius, models.Select(m => m.Label).ToList(),
            curves, landscapes);
        JsonConventions.Write(output.FilePath("analysis.json"), result.FileJson());
        return result;
    }
}
