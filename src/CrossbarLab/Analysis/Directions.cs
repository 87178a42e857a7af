namespace CrossbarLab.Analysis;

/// <summary>
/// Random directions in weight space, normalised per neuron (Li et al., 2018, "Visualizing the Loss Landscape of Neural
/// Nets"): each neuron's incoming weights (a column of its layer) in the direction get the norm of that neuron's weights
/// in the solution, so a step α moves every neuron by the same fraction of its own scale and solutions of different
/// scale get comparable landscapes.
/// </summary>
public static class Directions
{
    /// <summary>A direction shaped like <paramref name="origin"/>, normalised per neuron; draw <paramref name="index"/> of (seed, "landscape-direction").</summary>
    /// <remarks>The raw Gaussian draw depends only on (seed, index, shape), so models of one shape are probed along the same raw directions.</remarks>
    public static float[][] PerNeuron(float[][] origin, int[] columns, ulong seed, long index)
    {
        var direction = new float[origin.Length][];
        for (int l = 0; l < origin.Length; l++)
        {
            var rng = new RandomStream(seed, "landscape-direction", index, l);
            var d = direction[l] = new float[origin[l].Length];
            for (int i = 0; i < d.Length; i++) d[i] = (float)rng.NextGaussian();
        }
        NormalizePerNeuron(direction, origin, columns);
        return direction;
    }

    /// <summary>Scales column j of every layer of <paramref name="direction"/> to the norm of column j of <paramref name="origin"/>; a zero column stays zero.</summary>
    public static void NormalizePerNeuron(float[][] direction, float[][] origin, int[] columns)
    {
        if (direction.Length != origin.Length || columns.Length != origin.Length) throw new ArgumentException("Direction, origin and columns disagree on the number of layers.");
        for (int l = 0; l < origin.Length; l++)
        {
            int n = columns[l];
            var d = direction[l]; var w = origin[l];
            if (d.Length != w.Length || w.Length % n != 0) throw new ArgumentException($"Layer {l}: direction and origin shapes disagree.");
            int rows = w.Length / n;
            for (int j = 0; j < n; j++)
            {
                double dd = 0, ww = 0;
                for (int i = 0; i < rows; i++) { dd += (double)d[i * n + j] * d[i * n + j]; ww += (double)w[i * n + j] * w[i * n + j]; }
                float factor = dd > 0 ? (float)Math.Sqrt(ww / dd) : 0f;
                for (int i = 0; i < rows; i++) d[i * n + j] *= factor;
            }
        }
    }
}
