using CrossbarLab.Model;

namespace CrossbarLab.Gpu.Training;

/// <summary>
/// Where each of a network's parameter arrays (<see cref="BinaryNetwork.Parameters"/>: the weights of every layer,
/// then, with offsets, the offsets of every layer) lies in the engine's one flat parameter buffer, so that the
/// gradient, Adam's moments and the update all use one layout and Adam runs in one launch.
/// </summary>
internal sealed class ParameterLayout
{
    /// <summary>Lays out the parameters of <paramref name="network"/>.</summary>
    /// <param name="clippedArrays">How many leading arrays the optimiser clips (the latent weights).</param>
    public ParameterLayout(BinaryNetwork network, int clippedArrays)
    {
        var parameters = network.Parameters;
        Starts = new int[parameters.Length + 1];
        for (int p = 0; p < parameters.Length; p++)
            Starts[p + 1] = checked(Starts[p] + parameters[p].Length);
        int layers = network.Spec.LayerCount;
        WeightEnd = Starts[layers];
        ClipEnd = Starts[Math.Min(clippedArrays, parameters.Length)];
        OffsetStarts = new int[layers];
        for (int l = 0; l < layers; l++)
            OffsetStarts[l] = network.Spec.HasOffsets ? Starts[layers + l] : -1;
    }

    /// <summary>Start of parameter array p (and the total at index Arrays).</summary>
    public int[] Starts { get; }

    /// <summary>Parameter arrays.</summary>
    public int Arrays => Starts.Length - 1;

    /// <summary>Parameters in all.</summary>
    public int Count => Starts[^1];

    /// <summary>End of the weights (every layer's), where the offsets begin.</summary>
    public int WeightEnd { get; }

    /// <summary>End of the parameters the optimiser clips to [−1, 1].</summary>
    public int ClipEnd { get; }

    /// <summary>Start of layer l's weights.</summary>
    public int WeightsAt(int layer) => Starts[layer];

    /// <summary>Start of layer l's offsets, or −1 without offsets.</summary>
    public int[] OffsetStarts { get; }
}
