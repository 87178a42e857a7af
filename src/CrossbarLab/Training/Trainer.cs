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
/// the defect instances of step t from the source's own keyed streams, and every reduction has a fixed order, so equal settings give bit-identical weights on the CPU backend.</remarks>
public sealed class Trainer
{
    private const int ReportEvery = 10;
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
        var backprop = new Backprop(_spec, batch, _options.SteWindow, _compute, maxInstances: k);
        var instances = new Hardware.CellDefects[k];
        var inference = new PackedInference(network, _compute);
        var parameters = network.Parameters;
        var gradients = parameters.Select(p => new float[p.Length]).ToArray();
        var order = new int[samples];
        int features = train.Features, words = train.WordsPerSample;
        var xBatch = new float[batch * features];
        var packedBatch = new ulong[batch * words];
        var labelBatch = new byte[batch];
        double lastTestError = history.Count > 0 ? history[^1].TestError : double.NaN;

        for (int epoch = history.Count; epoch < _options.Epochs; epoch++)
        {
            for (int i = 0; i < samples; i++) order[i] = i;
            new RandomStream(_seed, "shuffle", epoch).Shuffle(order.AsSpan());
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            int errors = 0;
            float learningRate = 0;
            for (int step = 0; step < steps; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                for (int b = 0; b < batch; b++)
                {
                    int s = order[step * batch + b];
                    train.Inputs.AsSpan(s * features, features).CopyTo(xBatch.AsSpan(b * features));
                    train.Packed.AsSpan(s * words, words).CopyTo(packedBatch.AsSpan(b * words));
                    labelBatch[b] = train.Labels[s];
                }
                _defects.Draw(adam.Step, instances);
                backprop.SetWeights(network);
                var (loss, wrong) = backprop.Run(xBatch, packedBatch, labelBatch, batch, instances, gradients);
                lossSum += loss; errors += wrong;
                learningRate = _options.LearningRateAt(adam.Step, totalSteps);
                adam.Update(parameters, gradients, learningRate);
                if ((step + 1) % ReportEvery == 0 && step + 1 < steps)
                    progress?.Report(new TrainingProgress(epoch + 1, _options.Epochs, step + 1, steps, lossSum / ((step + 1) * batch * k), (double)errors / ((step + 1) * batch * k), lastTestError));
            }
            double seconds = clock.Elapsed.TotalSeconds;
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
