namespace CrossbarLab.Data;

/// <summary>
/// How a binary value drives a crossbar row. The row drivers of NIST's board apply inputs around a reference voltage, so
/// both encodings are native: ±1 drives ±V, and 0/1 holds a row whose value is 0 at the reference, where it carries no
/// current. The encoding applies to every layer's inputs on the die: the image's pixels and the hidden neurons' outputs.
/// </summary>
public enum InputEncoding
{
    /// <summary>On → +1 (+V), off → −1 (−V): every row carries current on every image.</summary>
    PlusMinusOne,
    /// <summary>On → 1 (+V), off → 0 (the reference voltage): a row that is off carries no current, so a short on it does nothing.</summary>
    ZeroOne,
}

/// <summary>The values of the encodings.</summary>
public static class InputEncodings
{
    /// <summary>The value an off input takes: −1 or 0.</summary>
    public static float Off(this InputEncoding encoding) => encoding == InputEncoding.ZeroOne ? 0f : -1f;

    /// <summary>The encoding as a reader writes it: "±1" or "0/1".</summary>
    public static string Symbol(this InputEncoding encoding) => encoding == InputEncoding.ZeroOne ? "0/1" : "±1";

    /// <summary>The threshold that tells on from off in an encoded value (halfway between off and on).</summary>
    public static float Middle(this InputEncoding encoding) => encoding == InputEncoding.ZeroOne ? 0.5f : 0f;
}
