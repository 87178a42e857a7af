using System.Globalization;
using CrossbarLab.Results;
using ScottPlot;

namespace CrossbarLab.Reporting;

/// <summary>The figure of the deployment table: what each method buys against what it costs per die.</summary>
public static class DeploymentPlots
{
    private const int Width = 1400;
    private const int Height = 820;
    private const float MarkerSize = 9;
    private const float NumberFontSize = 11;

    /// <summary>
    /// Mean die error against seconds per die (log axis), one point per method: circles for map-free methods, squares for
    /// those that need the defect map; blue for every layer on the die, orange for the first layer only. Each point
    /// carries its method's number, which the legend spells out: full names collide where the methods that work crowd
    /// together, near the baseline.
    /// </summary>
    public static void ErrorAgainstCost(DeploymentTable table, string path)
    {
        var plot = new Plot();
        string[] methods = [.. table.Rows.Select(r => r.Method).Distinct()];
        var (firstDecade, lastDecade) = Decades(table);
        // A method that cost nothing measurable sits one decade left of the cheapest step, on a tick marked "0 s".
        bool anyFree = table.Rows.Any(r => r.SecondsPerDie <= 0);
        double none = firstDecade - 1;
        double left = anyFree ? none : firstDecade;
        var points = new List<(Coordinates At, string Number, Color Color)>();
        foreach (var row in table.Rows)
        {
            double x = row.SecondsPerDie > 0 ? Math.Log10(row.SecondsPerDie) : none;
            var at = new Coordinates(x, 100 * row.Summary.Mean);
            var color = row.OnDie == "first" ? Colors.DarkOrange : Colors.SteelBlue;
            var point = plot.Add.ScatterPoints(new[] { at.X }, new[] { at.Y });
            point.Color = color;
            point.MarkerShape = row.MapFree ? MarkerShape.FilledCircle : MarkerShape.FilledSquare;
            point.MarkerSize = MarkerSize;
            string number = (Array.IndexOf(methods, row.Method) + 1).ToString(CultureInfo.InvariantCulture);
            points.Add((at, number, color));
        }
        AddBaselines(plot, table);
        AddLegend(plot, methods);
        plot.Axes.Bottom.TickGenerator = SecondsTicks(anyFree ? none : null, firstDecade, lastDecade);
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        plot.Axes.SetLimits(left - 0.3, lastDecade + 0.3, limits.Bottom, limits.Top);
        plot.Title("Deployment: mean die error against cost per die (hardware-aware training from scratch is the reference)");
        plot.XLabel("seconds per die (log scale)");
        plot.YLabel("mean test error on the dies (%)");
        AddNumbers(plot, points);
        TrainingPlots.Save(plot, path, Width, Height);
    }

    /// <summary>The decades (powers of ten, in seconds) that hold the cheapest and the costliest step.</summary>
    private static (int First, int Last) Decades(DeploymentTable table)
    {
        var costs = table.Rows.Select(r => r.SecondsPerDie).Where(s => s > 0).ToList();
        if (costs.Count == 0)
            return (-3, -2);
        return ((int)Math.Floor(Math.Log10(costs.Min())), (int)Math.Ceiling(Math.Log10(costs.Max())));
    }

    /// <summary>One tick per decade, labelled in s, ms or µs, and "0 s" at <paramref name="none"/> if given.</summary>
    private static ScottPlot.TickGenerators.NumericManual SecondsTicks(double? none, int first, int last)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        if (none is double x)
            ticks.AddMajor(x, "0 s");
        for (int decade = first; decade <= last; decade++)
            ticks.AddMajor(decade, Durations.Format(Math.Pow(10, decade)));
        return ticks;
    }

    /// <summary>The software baseline of each placement, dashed in its colour.</summary>
    private static void AddBaselines(Plot plot, DeploymentTable table)
    {
        foreach (var onDie in new[] { "all", "first" })
        {
            var software = table.Rows.FirstOrDefault(r => r.OnDie == onDie && r.Method == "software");
            if (software == null)
                continue;
            var line = plot.Add.HorizontalLine(100 * software.BaselineTestError);
            line.LinePattern = LinePattern.Dashed;
            line.Color = onDie == "first" ? Colors.DarkOrange : Colors.SteelBlue;
            string placement = onDie == "first" ? "first layer" : "every layer";
            line.LegendText = $"software baseline, ideal weights ({placement} on the die)";
        }
    }

    /// <summary>The key to colours and shapes, then each method's number and name, beside the data.</summary>
    private static void AddLegend(Plot plot, string[] methods)
    {
        plot.Legend.ManualItems.Add(Marker("every layer on the die", Colors.SteelBlue, MarkerShape.FilledCircle));
        plot.Legend.ManualItems.Add(Marker("first layer on the die", Colors.DarkOrange, MarkerShape.FilledCircle));
        plot.Legend.ManualItems.Add(Marker("map-free", Colors.Gray, MarkerShape.FilledCircle));
        plot.Legend.ManualItems.Add(Marker("needs the defect map", Colors.Gray, MarkerShape.FilledSquare));
        for (int i = 0; i < methods.Length; i++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{i + 1,2}  {methods[i]}" });
        plot.ShowLegend(Edge.Right);
    }

    /// <summary>
    /// Each point's number beside it, placed in pixels once a first render has fixed the layout, so that numbers
    /// cover neither each other nor a marker where the space allows.
    /// </summary>
    private static void AddNumbers(Plot plot, List<(Coordinates At, string Number, Color Color)> points)
    {
        plot.GetImageBytes(Width, Height, ImageFormat.Png);
        var area = plot.LastRender.DataRect;
        var anchors = points.Select(p => plot.GetPixel(p.At)).Select(px => ((double)px.X, (double)px.Y)).ToList();
        // About 0.62 em per digit and 1.3 em of line height at this font size, with a pixel of margin.
        var sizes = points.Select(p => (0.62 * NumberFontSize * p.Number.Length + 2, 1.3 * NumberFontSize)).ToList();
        var boxes = LabelPlacement.Place(anchors, sizes, MarkerSize / 2,
            new LabelBox(area.Left, area.Top, area.Width, area.Height));
        for (int i = 0; i < points.Count; i++)
        {
            var corner = plot.GetCoordinates(new Pixel((float)boxes[i].Left, (float)boxes[i].Top));
            var text = plot.Add.Text(points[i].Number, corner.X, corner.Y);
            text.LabelFontSize = NumberFontSize;
            text.LabelBold = true;
            text.LabelFontColor = points[i].Color;
            text.LabelAlignment = Alignment.UpperLeft;
        }
    }

    /// <summary>A legend entry that is only a marker (the size must be set: a manual item draws none by default).</summary>
    private static LegendItem Marker(string text, Color color, MarkerShape shape) => new()
    {
        LabelText = text,
        MarkerShape = shape,
        MarkerColor = color,
        MarkerSize = MarkerSize,
    };
}
