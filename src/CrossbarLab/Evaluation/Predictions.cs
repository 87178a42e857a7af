namespace CrossbarLab.Evaluation;

/// <summary>Turns predicted classes into an error rate.</summary>
public static class Predictions
{
    /// <summary>Fraction of <paramref name="predicted"/> that differ from <paramref name="labels"/>, in [0, 1].</summary>
    public static double ErrorRate(int[] predicted, byte[] labels)
    {
        int wrong = 0;
        for (int i = 0; i < predicted.Length; i++) if (predicted[i] != labels[i]) wrong++;
        return (double)wrong / predicted.Length;
    }
}
