using CrossbarLab.Hardware;
using ScottPlot;

namespace CrossbarLab.Reporting;

/// <summary>Figures of dies: the defect map of one die and the defect rates of a population.</summary>
public static class DiePlots
{
    private static readonly (DefectKind Kind, Color Color, MarkerShape Shape)[] Styles =
    [
        (DefectKind.Short, Colors.Red, MarkerShape.FilledSquare),
        (DefectKind.Open, Colors.Black, MarkerShape.FilledSquare),
        (DefectKind.StuckParallel, Colors.Blue, MarkerShape.FilledDiamond),
        (DefectKind.StuckAntiparallel, Colors.Orange, MarkerShape.FilledDiamond),
    ];

    /// <summary>
    /// Map of a die: its tiles drawn as a grid of squares (at most 8 per row), a marker at every defective device coloured
    /// by kind, and failed lines as lines. Cell (row r, column c) of tile t sits at x = c, y = −r within the tile's square.
    /// </summary>
    public static void DefectMap(Die die, string path) => IO.AtomicFile.WriteAllBytes(path, DefectMapPng(die));

    /// <summary>The PNG bytes of <see cref="DefectMap"/>: the same die always gives the same bytes.</summary>
    public static byte[] DefectMapPng(Die die)
    {
        var g = die.Geometry;
        int perRow = Math.Min(8, g.Tiles), gap = Math.Max(2, g.TileColumns / 5);
        (double X, double Y) Place(int row, int column)
        {
            int tile = column / g.TileColumns, c = column % g.TileColumns;
            return (tile % perRow * (g.TileColumns + gap) + c + 0.5, -(tile / perRow * (g.TileRows + gap) + row + 0.5));
        }
        var plot = new Plot();
        for (int t = 0; t < g.Tiles; t++)
        {
            var (x0, y0) = Place(0, t * g.TileColumns);
            var box = plot.Add.Rectangle(x0 - 0.5, x0 - 0.5 + g.TileColumns, y0 + 0.5 - g.TileRows, y0 + 0.5);
            box.FillStyle.Color = t % 2 == 0 ? Colors.LightGreen.WithAlpha(0.25) : Colors.LightBlue.WithAlpha(0.25);
            box.LineStyle.Color = Colors.Gray;
        }
        foreach (var (kind, color, shape) in Styles)
        {
            var xs = new List<double>(); var ys = new List<double>();
            for (int d = 0; d < g.DeviceCount; d++)
                if (die.Defects.PointDefect(d) == kind) { var (r, c) = g.Position(d); var (x, y) = Place(r, c); xs.Add(x); ys.Add(y); }
            if (xs.Count == 0) continue;
            var markers = plot.Add.Markers(xs.ToArray(), ys.ToArray());
            markers.Color = color;
            markers.MarkerShape = shape;
            markers.MarkerSize = 6;
            markers.LegendText = $"{DefectKinds.Name(kind)} ({xs.Count})";
        }
        bool first = true;
        foreach (int line in die.Defects.FailedRowLines)
        {
            int tile = line / g.TileRows, row = line % g.TileRows;
            var (x0, y) = Place(row, tile * g.TileColumns);
            var l = plot.Add.Line(x0 - 0.5, y, x0 - 0.5 + g.TileColumns, y);
            l.Color = Colors.Purple; l.LineWidth = 2;
            if (first) { l.LegendText = $"failed row lines ({die.Defects.FailedRowLines.Count})"; first = false; }
        }
        first = true;
        foreach (int column in die.Defects.FailedColumnLines)
        {
            var (x, y0) = Place(0, column);
            var l = plot.Add.Line(x, y0 + 0.5, x, y0 + 0.5 - g.TileRows);
            l.Color = Colors.Magenta; l.LineWidth = 2;
            if (first) { l.LegendText = $"failed column lines ({die.Defects.FailedColumnLines.Count})"; first = false; }
        }
        plot.Title($"{die.Name}: {die.Defects.DefectiveDevices} defective devices of {g.DeviceCount:N0} ({100 * die.Defects.DefectRate:F2} %)");
        plot.Axes.Left.IsVisible = false; plot.Axes.Bottom.IsVisible = false; plot.Axes.Right.IsVisible = false;
        plot.HideGrid();
        plot.ShowLegend(Edge.Right);
        plot.Axes.SquareUnits();
        int rows = (g.Tiles + perRow - 1) / perRow;
        int height = Math.Max(400, 1200 * rows * (g.TileRows + gap) / (perRow * (g.TileColumns + gap)) + 120);
        return plot.GetImageBytes(1200, height, ImageFormat.Png);
    }

    /// <summary>Bar chart of each die's defect rate (percent of devices), split by kind, with the population mean.</summary>
    public static void DefectRates(IReadOnlyList<Die> dies, string path)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        for (int i = 0; i < dies.Count; i++)
        {
            double bottom = 0, n = dies[i].Geometry.DeviceCount;
            foreach (var (kind, color, _) in Styles)
            {
                double top = bottom + 100 * dies[i].Defects.Count(kind) / n;
                if (top > bottom) bars.Add(new Bar { Position = i, ValueBase = bottom, Value = top, FillColor = color });
                bottom = top;
            }
            double lines = 100.0 * (dies[i].Defects.DefectiveDevices - DefectKinds.All.Sum(k => dies[i].Defects.Count(k))) / n;
            if (lines > 0) bars.Add(new Bar { Position = i, ValueBase = bottom, Value = bottom + lines, FillColor = Colors.Purple });
        }
        plot.Add.Bars(bars);
        double mean = 100 * dies.Average(d => d.Defects.DefectRate);
        var h = plot.Add.HorizontalLine(mean);
        h.LegendText = $"mean {mean:F2} %";
        h.LinePattern = LinePattern.Dashed;
        foreach (var (kind, color, _) in Styles) plot.Legend.ManualItems.Add(new LegendItem { LabelText = DefectKinds.Name(kind), FillColor = color });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "failed lines", FillColor = Colors.Purple });
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title($"Defect rate of {dies.Count} dies");
        plot.XLabel("die");
        plot.YLabel("defective devices (%)");
        plot.Axes.Margins(bottom: 0);
        plot.Axes.SetLimitsX(-1, dies.Count);
        TrainingPlots.Save(plot, path, 1000, 500);
    }
}
