using CrossbarLab.Compute;
using ILGPU;

namespace CrossbarLab.Gpu;

/// <summary>
/// The forward pass of one network on many dies in one launch: thread (image i, die d) runs the whole network on its
/// image with die d's effective weights, with <see cref="Evaluation.DenseEvaluator"/>'s semantics: z = a·W_eff with
/// float products, times the layer's gains and plus its offsets where it has them, hidden outputs +1 where
/// z ≥ −<see cref="Signs.TieTolerance"/> else the encoding's off value (−1 or 0), and the argmax of the last layer
/// where a later class wins only by more than the tolerance (<see cref="Signs.ArgMax"/>).
/// </summary>
/// <remarks>
/// Layouts (all row-major, i fastest, so the threads of a warp — consecutive images of one die — read consecutive
/// addresses): inputs[k·N + i]; hidden activations scratch[h·Half + (d·MaxHidden + k)·N + i], where h alternates
/// between 0 and 1 from layer to layer; weights of layer l and die d at layers[5l + 2] + d·in·out, in × out
/// row-major, so a warp reads one weight at a time (a broadcast); the layer's gains and offsets (shared by every die)
/// at bias[layers[5l + 3]] and bias[layers[5l + 4]], or none where those are −1. Each z is summed over k in order
/// 0, 1, ….
/// </remarks>
internal static class DieForwardKernel
{
    /// <summary>Entries per layer in the layer table: inputs, outputs, first weight, first gain, first offset.
    /// </summary>
    public const int Table = 5;

    /// <summary>The kernel body for image index.X of the chunk and die index.Y.</summary>
    public static void Run(Index2D index, ArrayView<float> inputs, ArrayView<float> weights, ArrayView<int> layers,
        ArrayView<float> bias, ArrayView<float> scratch, ArrayView<byte> labels, ArrayView<int> predictions,
        ArrayView<int> errors, DieForwardArguments g)
    {
        int i = index.X;
        int d = index.Y;
        long n = g.Images;
        long half = (long)g.Dies * g.MaxHidden * n;
        long dieBase = (long)d * g.MaxHidden * n + i;
        int best = 0;
        float bestSum = 0f;
        for (int l = 0; l < g.Layers; l++)
        {
            int fanIn = layers[Table * l];
            int fanOut = layers[Table * l + 1];
            long w0 = layers[Table * l + 2] + (long)d * fanIn * fanOut;
            int gains = layers[Table * l + 3];
            int offsets = layers[Table * l + 4];
            long inBase = (l + 1) % 2 * half + dieBase;
            long outBase = l % 2 * half + dieBase;
            bool last = l == g.Layers - 1;
            for (int o = 0; o < fanOut; o++)
            {
                float z = l == 0
                    ? Dot(inputs, i, n, weights, w0 + o, fanOut, fanIn)
                    : Dot(scratch, inBase, n, weights, w0 + o, fanOut, fanIn);
                if (gains >= 0)
                    z *= bias[gains + o];
                if (offsets >= 0)
                    z += bias[offsets + o];
                if (!last)
                {
                    scratch[outBase + o * n] = z >= -Signs.TieTolerance ? 1f : g.Off;
                }
                else if (o == 0 || z > bestSum + Signs.TieTolerance)
                {
                    best = o;
                    bestSum = z;
                }
            }
        }
        predictions[d * n + i] = best;
        if (g.HasLabels != 0 && best != labels[i])
            Atomic.Add(ref errors[d], 1);
    }

    /// <summary>Σ_k a[aBase + k·aStride]·w[wBase + k·wStride], k = 0 … count − 1, in that order.</summary>
    private static float Dot(ArrayView<float> a, long aBase, long aStride, ArrayView<float> w, long wBase, int wStride,
        int count)
    {
        float z = 0f;
        for (int k = 0; k < count; k++)
            z += a[aBase + k * aStride] * w[wBase + (long)k * wStride];
        return z;
    }
}

/// <summary>Scalar arguments of one multi-die launch.</summary>
/// <param name="Images">Images in this launch (N).</param>
/// <param name="Dies">Dies in this launch (D).</param>
/// <param name="Layers">Layers of the network.</param>
/// <param name="MaxHidden">Width of the widest hidden layer (0 without hidden layers).</param>
/// <param name="HasLabels">1 to count errors against the labels, 0 to only write predictions.</param>
/// <param name="Off">The output of an inactive hidden neuron: −1 (±1 encoding) or 0 (0/1 encoding).</param>
internal readonly record struct DieForwardArguments(int Images, int Dies, int Layers, int MaxHidden, int HasLabels,
    float Off);
