using CrossbarLab.Results;
using ScottPlot;

namespace CrossbarLab.Reporting;

/// <summary>The figure of the deployment table: what each method buys against what it costs per die.</summary>
public static class DeploymentPlots
{
    /// <summary>
    /// Mean die error against seconds per die (log axis), one point per method: circles for map-free methods, squares for
    /// those that need the defect map; blue for every layer on the die, orange for the first layer only.
    /// </summary>
    public static void ErrorAgainstCost(DeploymentTable table, string path)
    {
        var plot = new Plot();
        double right = double.NegativeInfinity;
        foreach (var row in table.Rows)
        {
            double x = Math.Log10(Math.Max(row.SecondsPerDie, 1e-4));
            right = Math.Max(right, x);
            var point = plot.Add.ScatterPoints(new[] { x }, new[] { 100 * row.Summary.Mean });
            point.Color = row.OnDie == "first" ? Colors.DarkOrange : Colors.SteelBlue;
            point.MarkerShape = row.MapFree ? MarkerShape.FilledCircle : MarkerShape.FilledSquare;
            point.MarkerSize = 9;
            var label = plot.Add.Text(row.Method, x, 100 * row.Summary.Mean);
            label.LabelFontSize = 10;
            label.OffsetX = 6;
            label.LabelFontColor = point.Color;
        }
        foreach (var onDie in new[] { "all", "first" })
        {
            double baseline = table.Rows.First(r => r.OnDie == onDie && r.Method == "software").BaselineTestError;
            var line = plot.Add.HorizontalLine(100 * baseline);
            line.LinePattern = LinePattern.Dashed;
            line.Color = onDie == "first" ? Colors.DarkOrange : Colors.SteelBlue;
            line.LegendText = $"software baseline, ideal weights ({(onDie == "first" ? "first layer" : "every layer")} on the die)";
        }
        plot.Legend.ManualItems.Add(Marker("every layer on the die", Colors.SteelBlue, MarkerShape.FilledCircle));
        plot.Legend.ManualItems.Add(Marker("first layer on the die", Colors.DarkOrange, MarkerShape.FilledCircle));
        plot.Legend.ManualItems.Add(Marker("map-free", Colors.Gray, MarkerShape.FilledCircle));
        plot.Legend.ManualItems.Add(Marker("needs the defect map", Colors.Gray, MarkerShape.FilledSquare));
        // Lower left: the cheapest methods sit at the left and the errors fall towards the baseline, so that corner is
        // the one the points leave free.
        plot.ShowLegend(Alignment.LowerLeft);
        plot.Axes.AutoScale();
        // Room on the right for the labels of the costliest methods, which are drawn to the right of their points.
        plot.Axes.SetLimitsX(plot.Axes.GetLimits().Left, right + 1.2);
        plot.Title("Deployment: mean die error against cost per die");
        plot.XLabel("seconds per die (log10; hardware-aware training from scratch is the reference)");
        plot.YLabel("mean test error on the dies (%)");
        TrainingPlots.Save(plot, path, 1300, 800);
    }

    /// <summary>A legend entry that is only a marker (the size must be set: a manual item draws none by default).</summary>
    private static LegendItem Marker(string text, Color color, MarkerShape shape) => new()
    {
        LabelText = text,
        MarkerShape = shape,
        MarkerColor = color,
        MarkerSize = 9,
    };
}
