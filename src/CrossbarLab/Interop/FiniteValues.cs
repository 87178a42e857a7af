namespace CrossbarLab.Interop;

/// <summary>Finds NaN and infinite values in float data read from a file, and turns them into a clear error.</summary>
public static class FiniteValues
{
    /// <summary>Index of the first NaN or ±∞ in <paramref name="values"/>, or −1 if all are finite.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                return i;
        }
        return -1;
    }

    /// <summary>Index of the first NaN or ±∞ in <paramref name="values"/>, or −1 if all are finite.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<double> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                return i;
        }
        return -1;
    }

    /// <summary>
    /// Throws an <see cref="InvalidDataFileException"/> naming <paramref name="path"/>, <paramref name="what"/> and the
    /// first element's position (as a NumPy index) if a float32 or float64 array holds a NaN or an infinity.
    /// Other element types pass unchecked.
    /// </summary>
    /// <param name="array">The array to check.</param>
    /// <param name="path">The file it came from.</param>
    /// <param name="what">What the array is, for the message (an .npz entry name, "layer 2 weights", …).</param>
    public static void Require(NpyArray array, string path, string what)
    {
        ArgumentNullException.ThrowIfNull(array);
        int bad = array.Dtype switch
        {
            NpyDtype.Float32 => IndexOfNonFinite(array.Get<float>()),
            NpyDtype.Float64 => IndexOfNonFinite(array.Get<double>()),
            _ => -1,
        };
        if (bad < 0)
            return;
        double value = array.Dtype == NpyDtype.Float32 ? array.Get<float>()[bad] : array.Get<double>()[bad];
        string where = IndexText(array.Shape, bad);
        throw new InvalidDataFileException(path,
            $"{what}: element {where} is {Describe(value)}; every value must be a finite number.");
    }

    /// <summary>A non-finite value in words: "NaN", "+infinity" or "−infinity".</summary>
    internal static string Describe(double value) =>
        double.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "−infinity";

    /// <summary>The multi-index of flat position <paramref name="flat"/> in C order, as "[i, j]".</summary>
    internal static string IndexText(IReadOnlyList<int> shape, int flat)
    {
        if (shape.Count == 0)
            return "[]";
        var index = new int[shape.Count];
        for (int k = shape.Count - 1; k >= 0; k--)
        {
            index[k] = shape[k] == 0 ? 0 : flat % shape[k];
            flat = shape[k] == 0 ? 0 : flat / shape[k];
        }
        return "[" + string.Join(", ", index) + "]";
    }
}
