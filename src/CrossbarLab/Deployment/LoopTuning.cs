using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Evaluation;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Deployment;

/// <summary>
/// Chip-in-the-loop fine-tuning, map-free: each step programs the die with the current weights, runs a minibatch of
/// training images through it layer by layer and reads every layer's column outputs (<see cref="IDieForward"/>, all a
/// test bench observes), then backpropagates through the network's ideal (programmed) weights and updates latent weights
/// and offsets with Adam — the "physics-aware" or "in-situ" training of analogue hardware. It never sees the defect map,
/// so it cannot tell a stuck cell from a healthy one: a stuck cell's latent weight moves uselessly, and the error signal
/// reaches earlier layers through the programmed weights instead of the ones the die realises. Those two are its whole
/// difference from map-based fine-tuning (<see cref="FineTuning"/>), whose optimiser settings and minibatch order it shares.
/// </summary>
public static class LoopTuning
{
    /// <summary><paramref name="network"/> after <paramref name="steps"/> chip-in-the-loop steps on the die.</summary>
    /// <param name="program">Programs the die with a network and returns what it then reports (the die as a black box).</param>
    /// <param name="train">Training images, as the die's rows receive them (placed).</param>
    /// <param name="dieKey">A number that gives each die its own minibatch order.</param>
    public static BinaryNetwork Tune(BinaryNetwork network, Func<BinaryNetwork, IDieForward> program, EncodedSet train,
        int steps, TrainingOptions options, ulong seed, long dieKey, ICompute compute)
    {
        var spec = network.Spec;
        var tuned = new BinaryNetwork(spec, Copy(network.Weights), Copy(network.Offsets), network.Gains);
        var parameters = tuned.Parameters;
        var adam = new Adam(parameters, options.Beta1, options.Beta2, options.Epsilon, clipped: spec.LayerCount);
        var gradients = parameters.Select(p => new float[p.Length]).ToArray();
        var pass = new LoopPass(spec, Math.Min(options.BatchSize, train.Count), options.SteWindow, compute);
        var order = Enumerable.Range(0, train.Count).ToArray();
        new RandomStream(seed, "finetune", dieKey).Shuffle(order.AsSpan());
        for (int step = 0; step < steps; step++)
        {
            pass.Load(train, order, step);
            pass.Gradients(tuned, program(tuned), gradients);
            adam.Update(parameters, gradients, options.LearningRateAt(step, steps));
        }
        return tuned;
    }

    private static float[][] Copy(float[][] arrays) => arrays.Select(a => (float[])a.Clone()).ToArray();

    /// <summary>One minibatch's forward pass on the die and backward pass through the programmed weights.</summary>
    private sealed class LoopPass
    {
        private readonly NetworkSpec _spec;
        private readonly int[] _widths;
        private readonly int _batch;
        private readonly float[] _steScale, _steBound;
        private readonly ICompute _compute;
        private readonly float[] _inputs;
        private readonly byte[] _labels;
        private int _first;

        public LoopPass(NetworkSpec spec, int batch, float steWindow, ICompute compute)
        {
            _spec = spec;
            _widths = spec.Widths;
            _batch = batch;
            _compute = compute;
            // The straight-through slope and window of training (DenseDoubleBatch), halved for 0/1 outputs.
            float half = spec.Encoding == InputEncoding.ZeroOne ? 0.5f : 1f;
            _steScale = _widths.Select(w => half / (steWindow * MathF.Sqrt(w))).ToArray();
            _steBound = _widths.Select(w => steWindow * MathF.Sqrt(w) + Signs.TieTolerance).ToArray();
            _inputs = new float[batch * _widths[0]];
            _labels = new byte[batch];
        }

        /// <summary>Copies step <paramref name="step"/>'s minibatch of the shuffled <paramref name="order"/>.</summary>
        public void Load(EncodedSet train, int[] order, int step)
        {
            int features = train.Features;
            for (int b = 0; b < _batch; b++)
            {
                int s = order[(step * _batch + b) % order.Length];
                train.Inputs.AsSpan(s * features, features).CopyTo(_inputs.AsSpan(b * features));
                _labels[b] = train.Labels[s];
            }
            _first = order[step * _batch % order.Length];
        }

        /// <summary>The mean cross-entropy's gradient, weights then (with offsets) offsets, into <paramref name="gradients"/>.</summary>
        public void Gradients(BinaryNetwork network, IDieForward die, float[][] gradients)
        {
            int layers = _spec.LayerCount;
            var act = new float[layers + 1][];
            var values = new float[layers][];
            act[0] = _inputs;
            for (int l = 0; l < layers; l++)
            {
                values[l] = die.Values(network, l, act[l], _batch, _first);
                if (l + 1 < layers) act[l + 1] = LayerValues.Fire(values[l], _spec.Encoding);
            }
            var delta = OutputDelta(values[^1]);
            for (int l = layers - 1; l >= 0; l--)
            {
                int nIn = _widths[l], nOut = _widths[l + 1];
                if (network.Gains[l].Length > 0) PackedInference.ScaleByGains(delta, network.Gains[l], _batch, nOut);
                _compute.Gemm(true, false, nIn, nOut, _batch, 1f, act[l], nIn, delta, nOut, 0f, gradients[l], nOut);
                if (_spec.HasOffsets) SumRows(delta, nOut, gradients[layers + l]);
                if (l == 0) break;
                var back = new float[_batch * nIn];
                _compute.Gemm(false, true, _batch, nIn, nOut, 1f, delta, nOut, network.IdealWeights(l), nOut, 0f, back, nIn);
                float slope = _steScale[l], bound = _steBound[l];
                for (int i = 0; i < back.Length; i++)
                    back[i] = MathF.Abs(values[l - 1][i]) <= bound ? slope * back[i] : 0f;
                delta = back;
            }
        }

        /// <summary>d(mean loss)/d(output sums): scale·(softmax(scale·z) − onehot)/batch.</summary>
        private float[] OutputDelta(float[] sums)
        {
            int classes = _widths[^1];
            float scale = _spec.OutputScale;
            var delta = new float[sums.Length];
            for (int b = 0; b < _batch; b++)
            {
                var z = sums.AsSpan(b * classes, classes);
                double max = double.NegativeInfinity;
                for (int c = 0; c < classes; c++)
                    max = Math.Max(max, scale * z[c]);
                double sum = 0;
                for (int c = 0; c < classes; c++)
                    sum += Math.Exp(scale * z[c] - max);
                for (int c = 0; c < classes; c++)
                {
                    double p = Math.Exp(scale * z[c] - max) / sum;
                    delta[b * classes + c] = (float)(scale * (p - (c == _labels[b] ? 1 : 0)) / _batch);
                }
            }
            return delta;
        }

        private void SumRows(float[] delta, int columns, float[] into)
        {
            Array.Clear(into);
            for (int b = 0; b < _batch; b++)
                for (int j = 0; j < columns; j++)
                    into[j] += delta[b * columns + j];
        }
    }
}
