using System.Buffers;
using System.Text;

namespace CrossbarLab.Interop;

/// <summary>
/// An n-dimensional array as NumPy stores it in a .npy file: an element type, a shape and the elements in C order
/// (row-major, last index fastest). The data is a plain .NET array of the matching element type
/// (<see cref="float"/>, <see cref="double"/>, <see cref="sbyte"/>, <see cref="byte"/>, <see cref="int"/>,
/// <see cref="long"/>, <see cref="bool"/> or <see cref="string"/>).
/// </summary>
public sealed class NpyArray
{
    /// <summary>The element type.</summary>
    public NpyDtype Dtype { get; }

    /// <summary>The size of each dimension; empty for a 0-d array (one scalar).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The elements in C order; its length is the product of <see cref="Shape"/>.</summary>
    public Array Data { get; }

    /// <summary>Number of elements (the product of the shape; 1 for a 0-d array).</summary>
    public int Count => Data.Length;

    /// <summary>
    /// Code points per element of a unicode array as written ('&lt;Un'): the longest string, at least 1.
    /// </summary>
    public int CodePoints { get; }

    /// <summary>
    /// Wraps <paramref name="data"/> (not copied) with the given shape; the element type follows from the array.
    /// </summary>
    /// <param name="data">A float[], double[], sbyte[], byte[], int[], long[], bool[] or string[] in C order.</param>
    /// <param name="shape">Dimensions (none for a scalar); their product must equal the data's length.</param>
    public NpyArray(Array data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        Dtype = DtypeOf(data);
        if (shape.Length > InteropLimits.MaxDimensions)
            throw new ArgumentException(
                $"{shape.Length} dimensions are more than the {InteropLimits.MaxDimensions} allowed.");
        long product = 1;
        foreach (int d in shape)
        {
            if (d < 0)
                throw new ArgumentException($"shape ({string.Join(", ", shape)}) has a negative dimension.");
            product *= d;
            if (product > int.MaxValue)
                throw new ArgumentException($"shape ({string.Join(", ", shape)}) has too many elements.");
        }
        if (product != data.Length)
            throw new ArgumentException(
                $"shape ({string.Join(", ", shape)}) holds {product} elements but the data has {data.Length}.");
        if (data.Rank != 1)
            throw new ArgumentException("the data must be a one-dimensional array in C order.");
        Data = data;
        Shape = (int[])shape.Clone();
        CodePoints = Dtype == NpyDtype.Unicode ? LongestString((string[])data) : 0;
    }

    /// <summary>A one-dimensional array of <paramref name="data"/>.</summary>
    public static NpyArray Vector(Array data) => new(data, data.Length);

    /// <summary>A 0-d array holding one string (for a metadata entry such as a JSON document).</summary>
    public static NpyArray Text(string text) => new(new[] { text });

    /// <summary>
    /// The elements as <typeparamref name="T"/>[]; throws if the element type differs (check <see cref="Dtype"/>
    /// first).
    /// </summary>
    public T[] Get<T>() => Data.GetType() == typeof(T[])
        ? (T[])Data
        : throw new InvalidOperationException($"the array holds {Dtype} elements, not {typeof(T).Name}.");

    /// <summary>The numeric elements converted to double (bool as 0/1); throws for unicode arrays.</summary>
    public double[] ToDoubles() => Dtype switch
    {
        NpyDtype.Float32 => Array.ConvertAll(Get<float>(), v => (double)v),
        NpyDtype.Float64 => (double[])Get<double>().Clone(),
        NpyDtype.Int8 => Array.ConvertAll(Get<sbyte>(), v => (double)v),
        NpyDtype.UInt8 => Array.ConvertAll(Get<byte>(), v => (double)v),
        NpyDtype.Int32 => Array.ConvertAll(Get<int>(), v => (double)v),
        NpyDtype.Int64 => Array.ConvertAll(Get<long>(), v => (double)v),
        NpyDtype.Bool => Array.ConvertAll(Get<bool>(), v => v ? 1.0 : 0.0),
        _ => throw new InvalidOperationException("a unicode string array has no numeric values."),
    };

    /// <summary>The NumPy dtype string this array is written with ('&lt;f4', '|b1', '&lt;U12', …).</summary>
    public string Descr => NpyDescr.Format(Dtype, CodePoints);

    /// <summary>The shape as NumPy prints it, e.g. "(2, 3)", "(5,)" or "()".</summary>
    public string ShapeText => ShapeToText(Shape);

    /// <inheritdoc/>
    public override string ToString() => $"{Descr} array of shape {ShapeText}";

    internal static string ShapeToText(IReadOnlyList<int> shape) =>
        shape.Count == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";

    /// <summary>
    /// The dtype of <paramref name="data"/>, by its exact element type: the runtime lets a byte[] pass for an sbyte[]
    /// (and int[] for uint[]) in type tests, so pattern matching on array types would confuse them.
    /// </summary>
    private static NpyDtype DtypeOf(Array data)
    {
        var element = data.GetType().GetElementType();
        if (element == typeof(float))
            return NpyDtype.Float32;
        if (element == typeof(double))
            return NpyDtype.Float64;
        if (element == typeof(sbyte))
            return NpyDtype.Int8;
        if (element == typeof(byte))
            return NpyDtype.UInt8;
        if (element == typeof(int))
            return NpyDtype.Int32;
        if (element == typeof(long))
            return NpyDtype.Int64;
        if (element == typeof(bool))
            return NpyDtype.Bool;
        if (element == typeof(string))
            return NpyDtype.Unicode;
        throw new ArgumentException($"element type {element?.Name} has no NumPy counterpart here.");
    }

    private static int LongestString(string[] strings)
    {
        int longest = 1;
        foreach (string? s in strings)
        {
            if (s is null)
                throw new ArgumentException("a string array may not contain null.");
            if (s.Contains('\0'))
                throw new ArgumentException("NumPy strips trailing NUL characters, so strings may not contain '\\0'.");
            longest = Math.Max(longest, CountCodePoints(s));
        }
        if (longest > InteropLimits.MaxStringCodePoints)
            throw new ArgumentException(
                $"strings longer than {InteropLimits.MaxStringCodePoints:N0} code points are not written.");
        return longest;
    }

    private static int CountCodePoints(string s)
    {
        int count = 0;
        var rest = s.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out int used) != OperationStatus.Done)
                throw new ArgumentException("a string contains an unpaired surrogate, which UTF-32 cannot hold.");
            rest = rest[used..];
            count++;
        }
        return count;
    }
}
