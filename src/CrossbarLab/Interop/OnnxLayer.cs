namespace CrossbarLab.Interop;

/// <summary>
/// One layer of a binary network for ONNX export or from ONNX import: z = (x·W) ⊙ gains + offsets (each part optional),
/// followed by the activation when the layer is hidden. The weights are used as given (±1, or effective real values on
/// a particular die).
/// </summary>
/// <param name="Inputs">Inputs of the layer (rows of W).</param>
/// <param name="Outputs">Neurons of the layer (columns of W).</param>
/// <param name="Weights">W, Inputs × Outputs, row-major (the weight from input i to neuron j at i·Outputs + j).</param>
/// <param name="Offsets">Per-neuron offsets added to z (length Outputs), or null for none.</param>
/// <param name="Hidden">True for a hidden layer (followed by the activation); false for the output layer.</param>
/// <param name="Gains">
/// Per-neuron factors (length Outputs) multiplying x·W before the offsets are added, or null for none (a deployed
/// network's digital gains).
/// </param>
public sealed record OnnxLayer(int Inputs, int Outputs, float[] Weights, float[]? Offsets, bool Hidden,
    float[]? Gains = null)
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming layer <paramref name="index"/> if its arrays are inconsistent.
    /// </summary>
    public void Validate(int index)
    {
        if (Inputs < 1 || Outputs < 1)
            throw new ArgumentException(
                $"layer {index} has {Inputs} inputs and {Outputs} outputs; both must be at least 1.");
        if (Weights is null || (long)Inputs * Outputs != Weights.Length)
            throw new ArgumentException(
                $"layer {index} needs {(long)Inputs * Outputs} weights ({Inputs} × {Outputs}) but has " +
                $"{Weights?.Length ?? 0}.");
        if (Offsets != null && Offsets.Length != Outputs)
            throw new ArgumentException($"layer {index} has {Offsets.Length} offsets for {Outputs} outputs.");
        if (Gains != null && Gains.Length != Outputs)
            throw new ArgumentException($"layer {index} has {Gains.Length} gains for {Outputs} outputs.");
        int bad = FiniteValues.IndexOfNonFinite(Weights);
        if (bad >= 0)
            throw new ArgumentException(
                $"layer {index} weight {bad} is {FiniteValues.Describe(Weights[bad])}; weights must be finite.");
        bad = Offsets is null ? -1 : FiniteValues.IndexOfNonFinite(Offsets);
        if (bad >= 0)
            throw new ArgumentException(
                $"layer {index} offset {bad} is {FiniteValues.Describe(Offsets![bad])}; offsets must be finite.");
        bad = Gains is null ? -1 : FiniteValues.IndexOfNonFinite(Gains);
        if (bad >= 0)
            throw new ArgumentException(
                $"layer {index} gain {bad} is {FiniteValues.Describe(Gains![bad])}; gains must be finite.");
    }
}
