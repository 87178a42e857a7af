namespace CrossbarLab.Interop;

/// <summary>
/// How a binary value (a pixel above threshold, a neuron that fires) becomes a number for the next layer.
/// </summary>
public enum InputEncoding
{
    /// <summary>On → +1, off → −1 (CrossbarLab's encoding and sign activation).</summary>
    PlusMinusOne,
    /// <summary>On → 1, off → 0 (a step activation at the same threshold).</summary>
    ZeroOne,
}
