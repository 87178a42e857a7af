using System.Diagnostics;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Model;

namespace CrossbarLab.Training;

/// <summary>
/// Trains a <see cref="BinaryNetwork"/> with minibatch Adam and the straight-through estimator, in the regime its
/// <see cref="DefectSource"/> decides (software, hardware-aware, statistics-aware), evaluating the ideal binary network on
/// the test set after every epoch and checkpointing after every epoch when given a path.
/// </summary>
/// <remarks>Deterministic: initialisation comes from (seed, "init", layer), the order of epoch e from (seed, "shuffle", e),
/// the defect instances of step t from the source's own keyed streams, and every reduction has a fixed order, so equal settings give bit-identical weights on the CPU backend.
/// The steps run on the backend's training engine (<see cref="TrainingEngines"/>): a GPU backend's agrees with the
/// CPU's within float rounding, as its sums run in another order.</remarks>
public sealed class Trainer
{
    private const int ReportEvery = 10;
    // Progress within an epoch at most this often: reading the totals waits for a GPU engine's queued steps.
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(0.2);
    private readonly NetworkSpec _spec;
    private readonly TrainingOptions _options;
    private readonly ulong _seed;
    private readonly ICompute _compute;
    private readonly DefectSource _defects;

    /// <summary>Prepares a trainer for the regime that <paramref name="defects"/> decides (software if null).</summary>
    /// <param name="seed">Seed of the initialisation and of the shuffling.</param>
    public Trainer(NetworkSpec spec, TrainingOptions options, ulong seed, ICompute compute, DefectSource? defects = null)
    {
        spec.Validate();
        options.Validate();
        _spec = spec; _options = options; _seed = seed; _compute = compute;
        _defects = defects ?? new NoDefects(spec.LayerCount);
    }

    /// <summary>Runs the training. With <paramref name="checkpointPath"/> set, a checkpoint is written after every epoch,
    /// and with <paramref name="resume"/> the run continues from it.</summary>
    public TrainingResult Train(EncodedSet train, EncodedSet test, IProgress<TrainingProgress>? progress = null,
        string? checkpointPath = null, bool resume = false, CancellationToken cancellation = default)
    {
        if (train.Features != _spec.Inputs || test.Features != _spec.Inputs)
            throw new InvalidConfigurationException($"the data has {train.Features} inputs per sample but the network {_spec.Shape} expects {_spec.Inputs}.");
        int samples = _options.TrainLimit > 0 ? Math.Min(_options.TrainLimit, train.Count) : train.Count;
        int batch = Math.Min(_options.BatchSize, samples);
        int steps = samples / batch; // the remainder of each shuffled epoch is dropped, so every step has a full batch
        long totalSteps = (long)steps * _options.Epochs;

        Checkpoint state = resume && checkpointPath != null
            ? Checkpoint.Load(checkpointPath, _spec, _options, _seed, _defects.Description)
            : Fresh();
        var network = state.Network;
        var adam = state.Optimizer;
        var history = state.History;

        int k = _defects.Instances;
        var instances = new Hardware.CellDefects[k];
        var inference = new PackedInference(network, _compute);
        var order = new int[samples];
        double lastTestError = history.Count > 0 ? history[^1].TestError : double.NaN;
        using var engine = TrainingEngines.Create(_compute,
            new TrainingEngineSetup(network, adam, train, batch, _options.SteWindow, k));

        for (int epoch = history.Count; epoch < _options.Epochs; epoch++)
        {
            for (int i = 0; i < samples; i++) order[i] = i;
            new RandomStream(_seed, "shuffle", epoch).Shuffle(order.AsSpan());
            var clock = Stopwatch.StartNew();
            var sinceReport = Stopwatch.StartNew();
            engine.BeginEpoch(order);
            float learningRate = 0;
            for (int step = 0; step < steps; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                _defects.Draw(adam.Step, instances);
                learningRate = _options.LearningRateAt(adam.Step, totalSteps);
                engine.Step(step, instances, learningRate);
                if ((step + 1) % ReportEvery == 0 && step + 1 < steps && progress != null
                    && sinceReport.Elapsed >= ReportInterval)
                {
                    sinceReport.Restart();
                    var (lossSoFar, errorsSoFar) = engine.Totals();
                    double seenSoFar = (step + 1) * batch * k;
                    progress.Report(new TrainingProgress(epoch + 1, _options.Epochs, step + 1, steps,
                        lossSoFar / seenSoFar, errorsSoFar / seenSoFar, lastTestError));
                }
            }
            var (lossSum, errors) = engine.Totals();
            double seconds = clock.Elapsed.TotalSeconds;
            engine.Synchronize();
            inference.Update(network);
            lastTestError = inference.Error(test);
            int seen = steps * batch * k; // (sample, instance) pairs
            history.Add(new EpochRecord(epoch + 1, lossSum / seen, (double)errors / seen, lastTestError, learningRate, seconds));
            if (checkpointPath != null) new Checkpoint(_spec, _options, _seed, network, adam, history).Save(checkpointPath, _defects.Description);
            progress?.Report(new TrainingProgress(epoch + 1, _options.Epochs, steps, steps, lossSum / seen, (double)errors / seen, lastTestError));
        }
        return new TrainingResult(network, history);
    }

    private Checkpoint Fresh()
    {
        var network = BinaryNetwork.Initialize(_spec, _seed, _options.InitScale);
        var adam = new Adam(network.Parameters, _options.Beta1, _options.Beta2, _options.Epsilon, clipped: _spec.LayerCount);
        return new Checkpoint(_spec, _options, _seed, network, adam, []);
    }
}
