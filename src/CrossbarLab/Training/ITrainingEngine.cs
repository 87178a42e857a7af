using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Training;

/// <summary>
/// Runs the training steps of one <see cref="Trainer"/> run: minibatches gathered from the training set, forward and
/// backward over samples × defect instances (the double batch), and the optimiser's update. The CPU engine does this
/// with <see cref="Backprop"/> and <see cref="Adam"/> on the host; a GPU backend keeps the training set, the parameters
/// and the optimiser's moments on the device for the whole run and only brings them back when asked.
/// </summary>
/// <remarks>
/// A step may still be running when <see cref="Step"/> returns: <see cref="Totals"/> and <see cref="Synchronize"/> wait
/// for every step before them. Between <see cref="Synchronize"/> calls the host's copies of the network and of the
/// optimiser's moments may be stale (the optimiser's step counter is always current).
/// </remarks>
internal interface ITrainingEngine : IDisposable
{
    /// <summary>Starts an epoch whose step s trains on samples order[s·batch … (s + 1)·batch); resets the totals.
    /// </summary>
    void BeginEpoch(ReadOnlySpan<int> order);

    /// <summary>
    /// One step of the epoch: forward and backward on <paramref name="instances"/> (empty or all clean: the defect-free
    /// network), then the optimiser's update at <paramref name="learningRate"/>, which advances its step counter.
    /// </summary>
    void Step(int step, ReadOnlySpan<CellDefects> instances, float learningRate);

    /// <summary>The summed loss and the misclassified (sample, instance) pairs of the epoch's steps so far (waits for
    /// them to finish).</summary>
    (double LossSum, int Errors) Totals();

    /// <summary>Writes the current parameters into the network and the moments into the optimiser (waits for every
    /// step).</summary>
    void Synchronize();
}

/// <summary>What a training engine is built for.</summary>
/// <param name="Network">The network trained: its parameters are read at creation and written by
/// <see cref="ITrainingEngine.Synchronize"/>.</param>
/// <param name="Optimizer">Adam's state for the network's parameters (<see cref="BinaryNetwork.Parameters"/>).</param>
/// <param name="Train">The encoded training set the epochs' orders index.</param>
/// <param name="Batch">Samples per step.</param>
/// <param name="SteWindow">Half-width of the straight-through window, in units of √fan-in.</param>
/// <param name="MaxInstances">The most defect instances a step may have (K).</param>
internal sealed record TrainingEngineSetup(BinaryNetwork Network, Adam Optimizer, EncodedSet Train, int Batch,
    float SteWindow, int MaxInstances);

/// <summary>A compute backend that trains with an engine of its own (the GPU backend) rather than the CPU's.</summary>
internal interface ITrainingEngineFactory
{
    /// <summary>An engine for <paramref name="setup"/>, holding whatever device memory the run needs.</summary>
    ITrainingEngine CreateTrainingEngine(TrainingEngineSetup setup);
}

/// <summary>Picks the training engine of a backend.</summary>
internal static class TrainingEngines
{
    /// <summary>The backend's own engine if it has one (<see cref="ITrainingEngineFactory"/>), else the CPU engine
    /// on <paramref name="compute"/>.</summary>
    public static ITrainingEngine Create(ICompute compute, TrainingEngineSetup setup) =>
        compute is ITrainingEngineFactory factory
            ? factory.CreateTrainingEngine(setup)
            : new CpuTrainingEngine(setup, compute);
}
