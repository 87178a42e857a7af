using System.Text.Json.Serialization;
using CrossbarLab.Model;

namespace CrossbarLab.Training;

/// <summary>What one epoch of training measured. Errors are fractions in [0, 1].</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean softmax cross-entropy over the epoch's minibatches (nats).</param>
/// <param name="TrainError">Fraction of training samples misclassified while the epoch ran (weights changing).</param>
/// <param name="TestError">Fraction of the test set misclassified by the binary network after the epoch.</param>
/// <param name="LearningRate">Learning rate at the epoch's last step.</param>
/// <param name="Seconds">Wall-clock seconds the epoch's training steps took (test evaluation excluded).</param>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double TrainError,
    double TestError,
    double LearningRate,
    double Seconds);

/// <summary>A progress report while training runs (reported every few steps and at every epoch's end).</summary>
/// <param name="Epoch">1-based epoch in progress.</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="Step">Steps done in this epoch.</param>
/// <param name="StepsPerEpoch">Steps per epoch.</param>
/// <param name="Loss">Mean loss of this epoch so far.</param>
/// <param name="Error">Training error of this epoch so far (fraction).</param>
/// <param name="TestError">Test error after the last finished epoch (NaN before the first).</param>
public readonly record struct TrainingProgress(int Epoch, int Epochs, int Step, int StepsPerEpoch, double Loss, double Error, double TestError);

/// <summary>The outcome of a training run: the trained network and its per-epoch history.</summary>
public sealed record TrainingResult(BinaryNetwork Network, IReadOnlyList<EpochRecord> Epochs)
{
    /// <summary>Test error after the last epoch (fraction).</summary>
    public double TestError => Epochs[^1].TestError;
}
