using CrossbarLab.Results;
using ScottPlot;

namespace CrossbarLab.Reporting;

/// <summary>The figures of <c>crossbar sweep</c>.</summary>
public static class SweepPlots
{
    /// <summary>Mean and spread of the statistics-aware die errors against the training saturation, with the device-derived value, the software solution and the baseline as references.</summary>
    public static void Saturation(SaturationSweepResult r, string path)
    {
        var plot = new Plot();
        var swept = r.Points.Where(p => p.Saturation != null).ToList();
        double[] x = swept.Select(p => p.Saturation!.Value).ToArray();
        MeanWithSpread(plot, x, swept.Select(p => p.DieErrors).ToList(), "statistics-aware, mean die error (%)", Colors.OrangeRed);
        var ideal = plot.Add.Scatter(x, swept.Select(p => 100 * p.IdealTestError).ToArray());
        ideal.LegendText = "statistics-aware, ideal test error (%)";
        ideal.LinePattern = LinePattern.Dashed;
        ideal.Color = Colors.OrangeRed;
        if (r.Points.FirstOrDefault(p => p.Saturation == null) is { } reference)
            Reference(plot, 100 * ErrorSummary.Of(reference.DieErrors).Mean, "statistics-aware with device-derived values, mean die error", LinePattern.Dotted, Colors.OrangeRed);
        Reference(plot, 100 * ErrorSummary.Of(r.Software).Mean, "software solution, mean die error", LinePattern.Solid, Colors.Gray);
        Reference(plot, 100 * r.BaselineTestError, $"software baseline, ideal weights ({100 * r.BaselineTestError:F2} %)", LinePattern.Dashed, Colors.Black);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title("Statistics-aware training: saturation trade-off (error bars: std across dies)");
        plot.XLabel("training saturation of a shorted device (weight units)");
        plot.YLabel("test error (%)");
        TrainingPlots.Save(plot, path, 900, 550);
    }

    /// <summary>Mean die error (error bars: std across dies) of both solutions against the population's defect rate (log axis; rate 0 left out), with the baseline and the paper's 2-point band.</summary>
    public static void DefectRate(double baseline, IReadOnlyList<RateSweepPoint> points, string path)
    {
        var plot = new Plot();
        var shown = points.Where(p => p.Rate > 0).ToList();
        double[] x = RateAxis(plot, shown);
        MeanWithSpread(plot, x, shown.Select(p => p.Software).ToList(), "software solution", Colors.Gray);
        MeanWithSpread(plot, x, shown.Select(p => p.StatisticsAware).ToList(), "statistics-aware solution (trained per rate)", Colors.OrangeRed);
        Reference(plot, 100 * baseline, $"software baseline, ideal weights ({100 * baseline:F2} %)", LinePattern.Dashed, Colors.Black);
        Reference(plot, 100 * (baseline + StatisticsAwareClaims.MaxGap), "baseline + 2 points (the paper's claim)", LinePattern.Dotted, Colors.Black);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title("Test error on the dies against the population's defect rate (error bars: std across dies)");
        plot.YLabel("test error (%)");
        TrainingPlots.Save(plot, path, 900, 550);
    }

    /// <summary>Std across dies of the software solution over that of the statistics-aware one, against the defect rate (log axis), with the paper's factor.</summary>
    public static void SpreadReduction(IReadOnlyList<RateSweepPoint> points, string path)
    {
        var plot = new Plot();
        var shown = points.Where(p => p.Rate > 0 && ErrorSummary.Of(p.StatisticsAware).Std > 0).ToList();
        double[] ratios = shown.Select(p => ErrorSummary.Of(p.Software).Std / ErrorSummary.Of(p.StatisticsAware).Std).ToArray();
        var ratio = plot.Add.Scatter(RateAxis(plot, shown), ratios);
        ratio.LegendText = "std(software) / std(statistics-aware)";
        ratio.Color = Colors.OrangeRed;
        Reference(plot, StatisticsAwareClaims.MinSpreadReduction, $"{StatisticsAwareClaims.MinSpreadReduction}× (the paper claims an order of magnitude)", LinePattern.Dotted, Colors.Black);
        Reference(plot, 1, "no reduction", LinePattern.Dashed, Colors.Gray);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title("Spread across dies: how much statistics-aware training reduces it");
        plot.YLabel("spread reduction (×)");
        plot.Axes.SetLimitsY(0, Math.Max(StatisticsAwareClaims.MinSpreadReduction, ratios.DefaultIfEmpty(0).Max()) + 1);
        TrainingPlots.Save(plot, path, 900, 550);
    }

    /// <summary>Puts the points' rates on a log-scaled bottom axis with a tick at each rate; returns the x positions (log10 of percent).</summary>
    private static double[] RateAxis(Plot plot, IReadOnlyList<RateSweepPoint> points)
    {
        double[] x = points.Select(p => Math.Log10(100 * p.Rate)).ToArray();
        if (x.Length > 0) plot.Axes.Bottom.SetTicks(x, points.Select(p => $"{100 * p.Rate:G4} %").ToArray());
        plot.XLabel("population-mean defective devices (log scale)");
        return x;
    }

    /// <summary>A labelled horizontal reference line.</summary>
    private static void Reference(Plot plot, double y, string label, LinePattern pattern, Color color)
    {
        var line = plot.Add.HorizontalLine(y);
        line.LegendText = label;
        line.LinePattern = pattern;
        line.Color = color;
    }

    /// <summary>A line through the mean errors (percent) with error bars of one std across dies.</summary>
    private static void MeanWithSpread(Plot plot, double[] x, IReadOnlyList<double[]> dieErrors, string label, Color color)
    {
        var summaries = dieErrors.Select(e => ErrorSummary.Of(e)).ToList();
        double[] mean = summaries.Select(s => 100 * s.Mean).ToArray();
        var line = plot.Add.Scatter(x, mean);
        line.LegendText = label;
        line.Color = color;
        var bars = plot.Add.ErrorBar(x, mean, summaries.Select(s => 100 * s.Std).ToArray());
        bars.Color = color;
    }

    /// <summary>
    /// The scenario grid at a glance, two heat maps: the statistics-aware solution's mean die error minus the baseline (points),
    /// and the spread reduction std(software)/std(statistics-aware); a cell is marked where the paper's claim holds.
    /// Rows: placement × encoding; columns: short strength × population.
    /// </summary>
    public static void Scenarios(ScenarioSweepResult r, string path)
    {
        var rows = r.Scenarios.Select(s => $"{s.Switches.OnDie} on die, {(s.Switches.Encoding == "zero-one" ? "0/1" : "±1")}").Distinct().ToList();
        var columns = r.Scenarios.Select(s => $"{s.Switches.Short}, {s.Switches.Population}").Distinct().ToList();
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        Grid(multiplot.GetPlot(0), r, rows, columns, s => 100 * s.Claims.GapToBaseline, s => s.Claims.WithinGap, "F1",
            "statistics-aware mean die error − baseline (points; * within 2 points)", new ScottPlot.Colormaps.Viridis());
        Grid(multiplot.GetPlot(1), r, rows, columns, s => s.Claims.SpreadReduction ?? double.NaN, s => s.Claims.SpreadReduced, "F2",
            "spread reduction std(software)/std(statistics-aware) (* at least 5×)", new ScottPlot.Colormaps.Viridis());
        byte[] png = multiplot.Render(1300, 900).GetImageBytes(ImageFormat.Png);
        IO.AtomicFile.WriteAllBytes(path, png);
    }

    private static void Grid(Plot plot, ScenarioSweepResult r, List<string> rows, List<string> columns, Func<ScenarioResult, double> value,
        Func<ScenarioResult, bool> holds, string format, string title, IColormap colormap)
    {
        var data = new double[rows.Count, columns.Count];
        foreach (var s in r.Scenarios)
        {
            int i = rows.IndexOf($"{s.Switches.OnDie} on die, {(s.Switches.Encoding == "zero-one" ? "0/1" : "±1")}");
            int j = columns.IndexOf($"{s.Switches.Short}, {s.Switches.Population}");
            // A heatmap draws its first data row at the top.
            data[i, j] = value(s);
            double y = rows.Count - 1 - i;
            // An ASCII mark: the plot fonts of a bare machine have no check mark or star.
            double shown = value(s) + 0.0; // −0 prints as 0
            string number = shown.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
            if (number.TrimStart('-').All(c => c is '0' or '.'))
                number = number.TrimStart('-');
            var text = plot.Add.Text($"{(holds(s) ? "* " : "")}{number}", j, y);
            text.LabelAlignment = Alignment.MiddleCenter;
            text.LabelFontSize = 16;
            text.LabelFontColor = Colors.White;
            text.LabelBold = true;
        }
        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = colormap;
        plot.MoveToBack(heatmap);
        plot.Add.ColorBar(heatmap);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns.Count).Select(j => (double)j).ToArray(), columns.ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows.Count).Select(i => (double)(rows.Count - 1 - i)).ToArray(), rows.ToArray());
        plot.Title(title);
    }
}
