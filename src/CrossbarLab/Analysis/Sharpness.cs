using CrossbarLab.Hardware;

namespace CrossbarLab.Analysis;

/// <summary>
/// Flatness of a solution as numbers: along each of several random per-neuron-normalised directions d, the loss at
/// o ± ρ·d is compared with the loss at o.
/// </summary>
/// <param name="Radius">ρ, in units of each neuron's own weight norm.</param>
/// <param name="Directions">Random directions probed.</param>
/// <param name="LossIncrease">Mean over directions of [L(o + ρd) + L(o − ρd)]/2 − L(o), nats, with its 95 % interval: the sharpness.</param>
/// <param name="ErrorIncrease">The same for the test error (fraction).</param>
/// <param name="Curvature">Mean over directions of the second derivative of a quadratic fitted to L(o + αd) for |α| ≤ ρ, nats per unit α².</param>
public sealed record SharpnessResult(double Radius, int Directions, Estimate LossIncrease, Estimate ErrorIncrease, Estimate Curvature);

/// <summary>Measures <see cref="SharpnessResult"/> on a surface.</summary>
public static class Sharpness
{
    /// <summary>
    /// Probes <paramref name="directions"/> directions (draws 0 … n − 1 of <see cref="Analysis.Directions.PerNeuron"/>), each on
    /// <paramref name="linePoints"/> steps from −ρ to ρ. For a quadratic loss ½xᵀAx + gᵀx the loss increase is ½ρ²·mean(dᵀAd)
    /// and the curvature mean(dᵀAd), whatever the gradient.
    /// </summary>
    public static SharpnessResult Measure(ILossSurface surface, double radius, int directions, int linePoints, ulong seed, IProgress<int>? progress = null)
    {
        if (directions < 2) throw new InvalidConfigurationException($"sharpness needs at least 2 directions for an interval, got {directions}.");
        if (linePoints < 3 || linePoints % 2 == 0) throw new InvalidConfigurationException($"sharpness lines need an odd number of at least 3 points (to include 0 and ±ρ), got {linePoints}.");
        var steps = Landscape.Steps(linePoints, radius);
        var landscape = new Landscape(surface);
        var loss = new double[directions]; var error = new double[directions]; var curvature = new double[directions];
        for (int m = 0; m < directions; m++)
        {
            var line = landscape.Line(Analysis.Directions.PerNeuron(surface.Origin, surface.Columns, seed, m), steps, progress);
            var centre = line[linePoints / 2];
            loss[m] = (line[0].Loss + line[^1].Loss) / 2 - centre.Loss;
            error[m] = (line[0].Error + line[^1].Error) / 2 - centre.Error;
            curvature[m] = QuadraticFit.Curvature(steps, line.Select(p => p.Loss).ToArray());
        }
        return new SharpnessResult(radius, directions, Intervals.Mean(loss, 0.95), Intervals.Mean(error, 0.95), Intervals.Mean(curvature, 0.95));
    }
}
