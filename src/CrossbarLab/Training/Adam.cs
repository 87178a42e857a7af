using System.Numerics;

namespace CrossbarLab.Training;

/// <summary>
/// Adam (Kingma and Ba) on latent weights, which are clipped to [−1, 1] after each step (BinaryConnect); parameters that are
/// not latent weights (digital offsets, a refit's real values) are left unclipped.
/// </summary>
internal sealed class Adam
{
    private readonly float _beta1, _beta2, _epsilon;
    private readonly int _clipped;

    /// <summary>First moments, one array per layer.</summary>
    public float[][] M { get; }

    /// <summary>Second moments, one array per layer.</summary>
    public float[][] V { get; }

    /// <summary>Steps taken so far.</summary>
    public long Step { get; set; }

    /// <summary>First-moment decay β₁.</summary>
    public float Beta1 => _beta1;

    /// <summary>Second-moment decay β₂.</summary>
    public float Beta2 => _beta2;

    /// <summary>How many leading parameter arrays are clipped to [−1, 1] (the latent weights).</summary>
    public int ClippedArrays => _clipped;

    /// <summary>Creates zeroed moments shaped like <paramref name="weights"/>.</summary>
    /// <param name="clip">Whether to clip to [−1, 1]: every array (true), none (false).</param>
    /// <param name="clipped">How many leading arrays are clipped, if not all (latent weights first, then offsets).</param>
    public Adam(float[][] weights, float beta1, float beta2, float epsilon, bool clip = true, int? clipped = null)
    {
        _beta1 = beta1; _beta2 = beta2; _epsilon = epsilon;
        _clipped = clipped ?? (clip ? weights.Length : 0);
        M = weights.Select(w => new float[w.Length]).ToArray();
        V = weights.Select(w => new float[w.Length]).ToArray();
    }

    /// <summary>One update of every layer with learning rate <paramref name="learningRate"/>.</summary>
    public void Update(float[][] weights, float[][] gradients, float learningRate)
    {
        var (stepSize, eps) = Advance(learningRate);
        for (int l = 0; l < weights.Length; l++)
            UpdateLayer(weights[l], gradients[l], M[l], V[l], stepSize, eps, l < _clipped);
    }

    /// <summary>
    /// Counts one more step and returns its bias-corrected step size and denominator guard, for an update made
    /// elsewhere (a GPU backend updates the parameters on the device with these two numbers):
    /// w −= stepSize·m/(√v + eps) with m, v the moments after the step.
    /// </summary>
    public (float StepSize, float Eps) Advance(float learningRate)
    {
        Step++;
        float c1 = 1f - MathF.Pow(_beta1, Step), c2 = 1f - MathF.Pow(_beta2, Step);
        // Bias-corrected step: w −= lr·(m/c1)/(√(v/c2) + ε) = lr·√c2/c1 · m/(√v + ε·√c2)
        return (learningRate * MathF.Sqrt(c2) / c1, _epsilon * MathF.Sqrt(c2));
    }

    private void UpdateLayer(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float stepSize, float eps, bool clip)
    {
        float bound = clip ? 1f : float.MaxValue;
        int n = w.Length, i = 0, width = Vector<float>.Count;
        var b1 = new Vector<float>(_beta1); var b2 = new Vector<float>(_beta2);
        var a1 = new Vector<float>(1f - _beta1); var a2 = new Vector<float>(1f - _beta2);
        var s = new Vector<float>(stepSize); var e = new Vector<float>(eps);
        var lo = new Vector<float>(-bound); var hi = new Vector<float>(bound);
        for (; i <= n - width; i += width)
        {
            var gv = new Vector<float>(g[i..]);
            var mv = b1 * new Vector<float>(m[i..]) + a1 * gv;
            var vv = b2 * new Vector<float>(v[i..]) + a2 * gv * gv;
            var wv = new Vector<float>(w[i..]) - s * mv / (Vector.SquareRoot(vv) + e);
            mv.CopyTo(m[i..]); vv.CopyTo(v[i..]);
            Vector.Min(Vector.Max(wv, lo), hi).CopyTo(w[i..]);
        }
        for (; i < n; i++)
        {
            m[i] = _beta1 * m[i] + (1f - _beta1) * g[i];
            v[i] = _beta2 * v[i] + (1f - _beta2) * g[i] * g[i];
            w[i] = Math.Clamp(w[i] - stepSize * m[i] / (MathF.Sqrt(v[i]) + eps), -bound, bound);
        }
    }
}
