using System.Text.Json;
using CrossbarLab.IO;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>
/// The per-epoch history of a finished stage (models/NAME.history.json), read back when a run resumes: it must be whole
/// — one record per epoch of the run, numbered 1 … N, with finite values and errors in [0, 1] — because a truncated or
/// edited history would silently change the run's results and figures.
/// </summary>
internal static class HistoryFile
{
    /// <summary>The largest history read: 100,000 epochs (the most a run may have) of about 160 bytes each.</summary>
    public const long MaxBytes = 1 << 24;

    /// <summary>Reads the history of a <paramref name="epochs"/>-epoch training and checks it is whole.</summary>
    public static List<EpochRecord> Read(string path, int epochs)
    {
        string text = TextFile.Read(path, MaxBytes, "training history");
        List<EpochRecord>? history;
        try { history = JsonSerializer.Deserialize<List<EpochRecord>>(text, JsonConventions.Options); }
        catch (JsonException e) { throw Damaged(path, $"not a list of epoch records ({e.Message})"); }
        if (history == null || history.Count != epochs)
            throw Damaged(path, $"it holds {history?.Count ?? 0} epochs, the run has {epochs}");
        for (int i = 0; i < history.Count; i++)
        {
            var e = history[i];
            if (e == null || e.Epoch != i + 1)
                throw Damaged(path, $"record {i + 1} is not epoch {i + 1}");
            bool finite = double.IsFinite(e.TrainLoss) && double.IsFinite(e.LearningRate) && double.IsFinite(e.Seconds);
            bool fractions = e.TrainError is >= 0 and <= 1 && e.TestError is >= 0 and <= 1;
            if (!finite || !fractions)
                throw Damaged(path, $"epoch {i + 1} holds impossible values");
        }
        return history;
    }

    private static InvalidDataFileException Damaged(string path, string problem) =>
        new(path, $"damaged training history: {problem}; delete it and its model (the .json beside it) and resume: "
            + "that stage is then finished again from its checkpoint.");
}
