using CrossbarLab.IO;
using CrossbarLab.Training;
using ScottPlot;

namespace CrossbarLab.Reporting;

/// <summary>Figures of a training run, rendered with ScottPlot to PNG.</summary>
public static class TrainingPlots
{
    /// <summary>Training loss (left axis) and train/test error in percent (right axis) against epoch.</summary>
    public static void TrainingCurve(IReadOnlyList<EpochRecord> epochs, string title, string path, int width = 800, int height = 500)
    {
        var plot = new Plot();
        double[] x = epochs.Select(e => (double)e.Epoch).ToArray();
        var loss = plot.Add.Scatter(x, epochs.Select(e => e.TrainLoss).ToArray());
        loss.LegendText = "train loss";
        var trainErr = plot.Add.Scatter(x, epochs.Select(e => 100 * e.TrainError).ToArray());
        trainErr.LegendText = "train error (%)";
        trainErr.Axes.YAxis = plot.Axes.Right;
        var testErr = plot.Add.Scatter(x, epochs.Select(e => 100 * e.TestError).ToArray());
        testErr.LegendText = "test error (%)";
        testErr.Axes.YAxis = plot.Axes.Right;
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("train loss (nats)");
        plot.Axes.Right.Label.Text = "error (%)";
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path, width, height);
    }

    /// <summary>Renders a plot to PNG atomically.</summary>
    public static void Save(Plot plot, string path, int width, int height)
    {
        byte[] png = plot.GetImageBytes(width, height, ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, png);
    }
}
