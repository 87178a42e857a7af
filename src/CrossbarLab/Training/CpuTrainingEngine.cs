using CrossbarLab.Compute;
using CrossbarLab.Hardware;

namespace CrossbarLab.Training;

/// <summary>
/// The CPU's training engine: each step copies its minibatch out of the training set, runs <see cref="Backprop"/> and
/// updates the parameters with <see cref="Adam"/>, all on the host and finished when <see cref="Step"/> returns.
/// </summary>
/// <remarks>The loss is summed step by step in step order, so results are bit-identical run to run.</remarks>
internal sealed class CpuTrainingEngine : ITrainingEngine
{
    private readonly TrainingEngineSetup _setup;
    private readonly Backprop _backprop;
    private readonly float[][] _parameters, _gradients;
    private readonly float[] _inputs;
    private readonly ulong[] _packed;
    private readonly byte[] _labels;
    private int[] _order = [];
    private double _lossSum;
    private int _errors;

    public CpuTrainingEngine(TrainingEngineSetup setup, ICompute compute)
    {
        _setup = setup;
        var network = setup.Network;
        _backprop = new Backprop(network.Spec, setup.Batch, setup.SteWindow, compute, maxInstances: setup.MaxInstances);
        _parameters = network.Parameters;
        _gradients = _parameters.Select(p => new float[p.Length]).ToArray();
        _inputs = new float[setup.Batch * setup.Train.Features];
        _packed = new ulong[setup.Batch * setup.Train.WordsPerSample];
        _labels = new byte[setup.Batch];
    }

    public void BeginEpoch(ReadOnlySpan<int> order)
    {
        if (_order.Length != order.Length) _order = new int[order.Length];
        order.CopyTo(_order);
        _lossSum = 0;
        _errors = 0;
    }

    public void Step(int step, ReadOnlySpan<CellDefects> instances, float learningRate)
    {
        var train = _setup.Train;
        int batch = _setup.Batch, features = train.Features, words = train.WordsPerSample;
        for (int b = 0; b < batch; b++)
        {
            int s = _order[step * batch + b];
            train.Inputs.AsSpan(s * features, features).CopyTo(_inputs.AsSpan(b * features));
            train.Packed.AsSpan(s * words, words).CopyTo(_packed.AsSpan(b * words));
            _labels[b] = train.Labels[s];
        }
        _backprop.SetWeights(_setup.Network);
        var (loss, wrong) = _backprop.Run(_inputs, _packed, _labels, batch, instances, _gradients);
        _lossSum += loss;
        _errors += wrong;
        _setup.Optimizer.Update(_parameters, _gradients, learningRate);
    }

    public (double LossSum, int Errors) Totals() => (_lossSum, _errors);

    // The host's network and optimiser are the ones trained.
    public void Synchronize() { }

    public void Dispose() { }
}
