using CrossbarLab.Analysis;
using ScottPlot;

namespace CrossbarLab.Reporting;

/// <summary>Figures of the analyses: sensitivity curves of several models on one plot, 1-D landscapes, 2-D contour maps.</summary>
public static class AnalysisPlots
{
    private static Color ModelColor(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    /// <summary>Mean test error against rate for each curve (all of one kind), with its 95 % interval as a band.</summary>
    public static void Sensitivity(IReadOnlyList<SensitivityCurve> curves, string path)
    {
        var plot = new Plot();
        for (int m = 0; m < curves.Count; m++)
        {
            var c = curves[m];
            double scale = c.Kind.RateIsFraction() ? 100 : 1;
            double[] x = c.Points.Select(p => scale * p.Rate).ToArray();
            var band = plot.Add.FillY(x, c.Points.Select(p => 100 * p.Error.Low).ToArray(), c.Points.Select(p => 100 * p.Error.High).ToArray());
            band.FillColor = ModelColor(m).WithAlpha(0.25);
            band.LineWidth = 0;
            var line = plot.Add.Scatter(x, c.Points.Select(p => 100 * p.Error.Value).ToArray());
            line.Color = ModelColor(m);
            line.LegendText = c.Model;
        }
        var kind = curves.Count > 0 ? curves[0].Kind : PerturbationKind.SignFlip;
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title($"Sensitivity to {kind.Name().Replace('-', ' ')} (band: 95 % interval of the mean)");
        plot.XLabel(kind.RateLabel());
        plot.YLabel("test error (%)");
        TrainingPlots.Save(plot, path, 900, 550);
    }

    /// <summary>Loss (or error) along direction 0 for every model.</summary>
    public static void Lines(IReadOnlyList<LandscapeResult> results, WeightSpace space, bool error, string path)
    {
        var plot = new Plot();
        for (int m = 0; m < results.Count; m++)
        {
            var r = results[m];
            var line = plot.Add.Scatter(r.Steps, r.Line.Select(p => error ? 100 * p.Error : p.Loss).ToArray());
            line.Color = ModelColor(m);
            line.LegendText = r.Model;
        }
        plot.ShowLegend(Alignment.UpperCenter);
        plot.Title($"1-D loss landscape, {space.Name()} weights, per-neuron normalised direction");
        plot.XLabel("step α (units of each neuron's weight norm)");
        plot.YLabel(error ? "test error (%)" : "test loss (nats)");
        TrainingPlots.Save(plot, path, 900, 550);
    }

    /// <summary>The 2-D loss landscape of one model: loss as colour, contour lines, the solution marked.</summary>
    public static void Plane(LandscapeResult r, WeightSpace space, string path)
    {
        if (r.Plane is not { } plane) throw new ArgumentException("The landscape has no 2-D grid.");
        int n = r.Steps.Length;
        var intensities = new double[n, n];
        var points = new Coordinates3d[n, n];
        // A heatmap draws its first row at the top: row 0 is the largest β.
        for (int b = 0; b < n; b++)
            for (int a = 0; a < n; a++)
            {
                intensities[n - 1 - b, a] = plane[b, a].Loss;
                points[b, a] = new Coordinates3d(r.Steps[a], r.Steps[b], plane[b, a].Loss);
            }
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        double half = (r.Steps[^1] - r.Steps[0]) / (n - 1) / 2;
        heatmap.Rectangle = new CoordinateRect(r.Steps[0] - half, r.Steps[^1] + half, r.Steps[0] - half, r.Steps[^1] + half);
        plot.Add.ColorBar(heatmap).Label = "test loss (nats)";
        var contours = plot.Add.ContourLines(points);
        contours.LineColor = Colors.White.WithAlpha(0.8);
        contours.LabelStyle.IsVisible = false;
        var solution = plot.Add.Marker(0, 0, MarkerShape.Cross, 12);
        solution.Color = Colors.Red;
        plot.Title($"{r.Model}: 2-D loss landscape ({space.Name()} weights)");
        plot.XLabel("α (direction 0)");
        plot.YLabel("β (direction 1)");
        plot.Axes.SetLimits(r.Steps[0] - half, r.Steps[^1] + half, r.Steps[0] - half, r.Steps[^1] + half);
        TrainingPlots.Save(plot, path, 750, 650);
    }
}
