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
        foreach (var row in table.Rows)
        {
            double x = Math.Log10(Math.Max(row.SecondsPerDie, 1e-4));
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
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "every layer on the die", MarkerColor = Colors.SteelBlue, MarkerShape = MarkerShape.FilledCircle });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "first layer on the die", MarkerColor = Colors.DarkOrange, MarkerShape = MarkerShape.FilledCircle });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "map-free (circle) / needs the defect map (square)", MarkerColor = Colors.Gray, MarkerShape = MarkerShape.FilledSquare });
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title("Deployment: mean die error against cost per die");
        plot.XLabel("seconds per die (log10; hardware-aware training from scratch is the reference)");
        plot.YLabel("mean test error on the dies (%)");
        TrainingPlots.Save(plot, path, 1300, 800);
    }
}
