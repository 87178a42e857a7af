using System.Text.Json.Serialization;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Model;

namespace CrossbarLab.Analysis;

/// <summary>The <c>analysis.landscape</c> section: what <c>crossbar analyze landscape</c> computes for each model.</summary>
/// <param name="Space">Weights perturbed: latent (bit-packed evaluation) or effective (analog weights).</param>
/// <param name="GridPoints">Steps per axis of the 1-D curve and of the 2-D grid (odd, so the solution itself is on the grid).</param>
/// <param name="Range">The grid spans α, β ∈ [−Range, Range], in units of each neuron's weight norm.</param>
/// <param name="Plane">Whether to compute the 2-D grid (GridPoints² evaluations) besides the 1-D curve.</param>
/// <param name="Radius">ρ of the sharpness measure, in units of each neuron's weight norm.</param>
/// <param name="SharpnessDirections">Random directions the sharpness averages over.</param>
/// <param name="LinePoints">Steps in [−ρ, ρ] along each sharpness direction (odd).</param>
public sealed record LandscapeOptions(
    WeightSpace Space,
    int GridPoints,
    double Range,
    bool Plane,
    double Radius,
    int SharpnessDirections,
    int LinePoints)
{
    /// <summary>Defaults: latent space, a 25×25 grid over [−1, 1]² (as Li et al. plot), sharpness at ρ = 0.25 over 20 directions.</summary>
    public static LandscapeOptions Default { get; } = new(WeightSpace.Latent, 25, 1.0, true, 0.25, 20, 9);

    /// <summary>Evaluations of the test set one model costs.</summary>
    [JsonIgnore] public int Evaluations => GridPoints + (Plane ? GridPoints * GridPoints : 0) + SharpnessDirections * LinePoints;

    /// <summary>The section's path in the configuration tree.</summary>
    public const string Section = "analysis.landscape";

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Space)) throw Invalid("space", Space, "choose latent or effective.");
        if (GridPoints is < 3 or > 201 || GridPoints % 2 == 0)
            throw Invalid("grid_points", GridPoints, "must be odd and between 3 and 201 (odd puts the solution on the grid).");
        if (!(Range > 0 && Range <= 100)) throw Invalid("range", Range, "must be positive and at most 100 weight norms.");
        if (!(Radius > 0 && Radius <= 100)) throw Invalid("radius", Radius, "must be positive and at most 100 weight norms.");
        if (SharpnessDirections is < 2 or > 10_000) throw Invalid("sharpness_directions", SharpnessDirections, "must be between 2 and 10,000.");
        if (LinePoints is < 3 or > 201 || LinePoints % 2 == 0) throw Invalid("line_points", LinePoints, "must be odd and between 3 and 201.");
    }

    private static InvalidConfigurationException Invalid(string field, object value, string rule) => new($"{Section}.{field}", value, rule);
}

/// <summary>One model's landscape: the loss at the solution, a 1-D curve, an optional 2-D grid, and the sharpness numbers.</summary>
/// <param name="Model">Label of the model.</param>
/// <param name="AtSolution">Loss and error at the solution itself.</param>
/// <param name="Steps">α (and β) of the grid.</param>
/// <param name="Line">Loss and error along direction 0, one per step.</param>
/// <param name="Plane">Loss and error on directions 0 × 1, [β, α]; null if not computed.</param>
/// <param name="Sharpness">Sharpness and curvature.</param>
public sealed record LandscapeResult(string Model, LossAndError AtSolution, double[] Steps, LossAndError[] Line, LossAndError[,]? Plane, SharpnessResult Sharpness);

/// <summary>Runs <see cref="LandscapeOptions"/> on one model.</summary>
public static class LandscapeAnalysis
{
    /// <summary>The loss surface of <paramref name="network"/> in <paramref name="space"/>.</summary>
    public static ILossSurface Surface(WeightSpace space, BinaryNetwork network, EncodedSet data, ICompute compute) => space switch
    {
        WeightSpace.Effective => new EffectiveLossSurface(network, data, compute),
        _ => new LatentLossSurface(network, data, compute),
    };

    /// <summary>Computes the landscape of <paramref name="network"/> on <paramref name="data"/>; progress counts evaluations.</summary>
    /// <param name="seed">Seed of the random directions; the same directions (before normalisation) serve every model of one shape.</param>
    public static LandscapeResult Run(string label, BinaryNetwork network, EncodedSet data, ICompute compute, LandscapeOptions options,
        ulong seed, IProgress<int>? progress = null)
    {
        options.Validate();
        var surface = Surface(options.Space, network, data, compute);
        var landscape = new Landscape(surface);
        var steps = Landscape.Steps(options.GridPoints, options.Range);
        var d0 = Directions.PerNeuron(surface.Origin, surface.Columns, seed, 0);
        var line = landscape.Line(d0, steps, progress);
        LossAndError[,]? plane = null;
        if (options.Plane)
            plane = landscape.Plane(d0, Directions.PerNeuron(surface.Origin, surface.Columns, seed, 1), steps, steps, progress);
        var sharpness = Sharpness.Measure(surface, options.Radius, options.SharpnessDirections, options.LinePoints, seed, progress);
        return new LandscapeResult(label, line[steps.Length / 2], steps, line, plane, sharpness);
    }
}
