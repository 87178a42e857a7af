using CrossbarLab.Results;
using ScottPlot;

namespace CrossbarLab.Reporting;

/// <summary>The figures of <c>crossbar reproduce</c>.</summary>
public static class ReproductionPlots
{
    private static readonly Color[] Palette = [Colors.Gray, Colors.Blue, Colors.OrangeRed, Colors.DarkGray, Colors.Gold];

    /// <summary>Each method's label, colour and die errors, in the result's order.</summary>
    private static (string Name, Color Color, double[] Errors)[] Series(ReproductionResult r) =>
        r.Methods.Select((m, i) => (m.Label, Palette[i % Palette.Length], m.Errors)).ToArray();

    /// <summary>Test error of each method on each die, side by side, with the software baseline's ideal error.</summary>
    public static void DieErrors(ReproductionResult r, string path)
    {
        var plot = new Plot();
        var series = Series(r);
        double width = 0.8 / series.Length;
        var bars = new List<Bar>();
        for (int m = 0; m < series.Length; m++)
            for (int d = 0; d < series[m].Errors.Length; d++)
                bars.Add(new Bar { Position = d - 0.4 + width * (m + 0.5), Value = 100 * series[m].Errors[d], Size = width, FillColor = series[m].Color, LineWidth = 0 });
        plot.Add.Bars(bars);
        foreach (var (name, color, _) in series) plot.Legend.ManualItems.Add(new LegendItem { LabelText = name, FillColor = color });
        var baseline = plot.Add.HorizontalLine(100 * r.BaselineTestError);
        baseline.LinePattern = LinePattern.Dashed;
        baseline.LegendText = $"software baseline, ideal weights ({100 * r.BaselineTestError:F2} %)";
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title("Test error on every die");
        plot.XLabel("die");
        plot.YLabel("test error (%)");
        plot.Axes.Margins(bottom: 0);
        plot.Axes.SetLimitsX(-1, r.Dies.Count);
        plot.Axes.Bottom.TickGenerator = IntegerTicks();
        TrainingPlots.Save(plot, path, 1200, 500);
    }

    /// <summary>The transfer matrix: hardware-aware solution trained for die i (row) evaluated on die j (column).</summary>
    public static void TransferMatrix(ReproductionResult r, string path)
    {
        int n = r.Dies.Count;
        var data = new double[n, n];
        // A heatmap draws its first data row at the top; flip so that solution i sits at y = i.
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) data[n - 1 - i, j] = 100 * r.TransferMatrix[i][j];
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        // Cells are centred on whole numbers, so whole-number ticks name dies.
        plot.Axes.Bottom.TickGenerator = IntegerTicks();
        plot.Axes.Left.TickGenerator = IntegerTicks();
        plot.Add.ColorBar(heatmap).Label = "test error (%)";
        plot.Title("Hardware-aware solutions on every die");
        plot.XLabel("evaluated on die j");
        plot.YLabel("trained for die i");
        TrainingPlots.Save(plot, path, 800, 700);
    }

    /// <summary>Ticks at whole numbers only, for axes that count dies or steps.</summary>
    internal static ScottPlot.TickGenerators.NumericAutomatic IntegerTicks() => new() { IntegerTicksOnly = true };

    /// <summary>Each method's test error against each die's number of defective devices.</summary>
    public static void ErrorVersusDefects(ReproductionResult r, string path)
    {
        var plot = new Plot();
        double[] x = r.Dies.Select(d => (double)d.Defects.DefectiveDevices).ToArray();
        foreach (var (name, color, errors) in Series(r))
        {
            var s = plot.Add.ScatterPoints(x, errors.Select(e => 100 * e).ToArray());
            s.Color = color;
            s.MarkerSize = 7;
            s.LegendText = name;
        }
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title("Test error against the die's defects");
        plot.XLabel("defective devices on the die");
        plot.YLabel("test error (%)");
        TrainingPlots.Save(plot, path, 900, 550);
    }

    /// <summary>Ideal test error per epoch of the software, statistics-aware and most-defective die's hardware-aware training.</summary>
    public static void TrainingCurves(ReproductionResult r, string path)
    {
        var plot = new Plot();
        var worst = r.Dies.OrderByDescending(d => d.Defects.DefectiveDevices).First();
        foreach (var (key, label, color) in new[] { ("software", "software", Colors.Gray), ("statistics-aware", "statistics-aware", Colors.OrangeRed),
                     ($"hardware-aware-{worst.Name}", $"hardware-aware for {worst.Name}", Colors.Blue) })
        {
            if (!r.Histories.TryGetValue(key, out var h) || h.Count == 0) continue;
            var line = plot.Add.Scatter(h.Select(e => (double)e.Epoch).ToArray(), h.Select(e => 100 * e.TestError).ToArray());
            line.Color = color;
            line.LegendText = label;
        }
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title("Training curves (test error with ideal weights)");
        plot.XLabel("epoch");
        plot.YLabel("test error (%)");
        TrainingPlots.Save(plot, path, 900, 500);
    }
}
