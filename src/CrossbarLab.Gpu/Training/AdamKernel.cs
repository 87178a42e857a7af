using ILGPU;
using ILGPU.Algorithms;

namespace CrossbarLab.Gpu.Training;

/// <summary>
/// Adam over the whole parameter buffer in one launch, with the CPU's arithmetic
/// (<see cref="CrossbarLab.Training.Adam"/>):
/// m = β₁m + (1 − β₁)g, v = β₂v + (1 − β₂)g·g, w −= stepSize·m/(√v + eps), the latent weights clipped to [−1, 1];
/// the weights' signs for the next step's products are written as they change.
/// </summary>
internal static class AdamKernel
{
    /// <summary>Thread i updates parameter i.</summary>
    public static void Update(Index1D index, ArrayView<float> parameters, ArrayView<float> gradients,
        ArrayView<float> m, ArrayView<float> v, ArrayView<float> signs, AdamArguments g)
    {
        int i = index.X;
        float gradient = gradients[i];
        float mi = g.Beta1 * m[i] + g.OneMinusBeta1 * gradient;
        float vi = g.Beta2 * v[i] + g.OneMinusBeta2 * gradient * gradient;
        float w = parameters[i] - g.StepSize * mi / (XMath.Sqrt(vi) + g.Eps);
        if (i < g.ClipEnd)
            w = XMath.Clamp(w, -1f, 1f);
        m[i] = mi;
        v[i] = vi;
        parameters[i] = w;
        if (i < g.WeightEnd)
            signs[i] = w >= 0f ? 1f : -1f;
    }

    /// <summary>Thread i: signs[i] = sign(parameters[i]) (sign(0) = +1), for the weights before the first step.
    /// </summary>
    public static void Signs(Index1D index, ArrayView<float> parameters, ArrayView<float> signs) =>
        signs[index.X] = parameters[index.X] >= 0f ? 1f : -1f;
}
