using System.Globalization;

namespace CrossbarLab.Interop;

/// <summary>
/// A NumPy dtype string ('descr' in the .npy header) decoded: element type, bytes per element, byte order.
/// Big-endian arrays ('&gt;f4', …) are read and converted to little-endian; writing is always little-endian.
/// </summary>
/// <param name="Dtype">The element type.</param>
/// <param name="ItemSize">Bytes per element (4 per code point for unicode strings).</param>
/// <param name="BigEndian">Whether the stored bytes are big-endian.</param>
/// <param name="CodePoints">Code points per element of a unicode string array (0 for other types).</param>
internal readonly record struct NpyDescr(NpyDtype Dtype, int ItemSize, bool BigEndian, int CodePoints)
{
    private const string Supported =
        "supported: '<f4' float32, '<f8' float64, '|i1' int8, '|u1' uint8, '<i4' int32, '<i8' int64, '|b1' bool, " +
        "'<U…' text";

    /// <summary>The descr NumPy writes for a little-endian array of <paramref name="dtype"/>.</summary>
    public static string Format(NpyDtype dtype, int codePoints) => dtype switch
    {
        NpyDtype.Float32 => "<f4",
        NpyDtype.Float64 => "<f8",
        NpyDtype.Int8 => "|i1",
        NpyDtype.UInt8 => "|u1",
        NpyDtype.Int32 => "<i4",
        NpyDtype.Int64 => "<i8",
        NpyDtype.Bool => "|b1",
        NpyDtype.Unicode => "<U" + codePoints.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>Bytes per element of a fixed-size type.</summary>
    public static int SizeOf(NpyDtype dtype) => dtype switch
    {
        NpyDtype.Float32 or NpyDtype.Int32 => 4,
        NpyDtype.Float64 or NpyDtype.Int64 => 8,
        NpyDtype.Int8 or NpyDtype.UInt8 or NpyDtype.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>Decodes <paramref name="descr"/>, or returns null and says why in <paramref name="problem"/>.</summary>
    public static NpyDescr? Parse(string descr, out string problem)
    {
        problem = "";
        char order = descr.Length > 0 ? descr[0] : '\0';
        bool hasOrder = order is '<' or '>' or '|' or '=';
        string kind = hasOrder ? descr[1..] : descr;
        bool big = order == '>';
        if (kind.StartsWith('O'))
        {
            problem =
                $"dtype '{descr}' is an object array, stored as a Python pickle; CrossbarLab never unpickles data.";
            return null;
        }
        if (kind.StartsWith('U'))
            return ParseUnicode(descr, kind, big, order, out problem);
        NpyDtype? dtype = kind switch
        {
            "f4" => NpyDtype.Float32,
            "f8" => NpyDtype.Float64,
            "i1" => NpyDtype.Int8,
            "u1" => NpyDtype.UInt8,
            "i4" => NpyDtype.Int32,
            "i8" => NpyDtype.Int64,
            "b1" => NpyDtype.Bool,
            _ => null,
        };
        if (dtype is null)
        {
            problem = $"dtype '{descr}' is not supported ({Supported}).";
            return null;
        }
        int size = SizeOf(dtype.Value);
        if (order == '|' && size > 1)
        {
            problem = $"dtype '{descr}' has no byte order although its elements are {size} bytes long.";
            return null;
        }
        return new NpyDescr(dtype.Value, size, big && size > 1, 0);
    }

    private static NpyDescr? ParseUnicode(string descr, string kind, bool big, char order, out string problem)
    {
        problem = "";
        bool digits = kind.Length > 1 && kind.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;
        if (!digits || order == '|')
        {
            problem = $"dtype '{descr}' is not a valid unicode string type ({Supported}).";
            return null;
        }
        bool fits = long.TryParse(kind.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out long n);
        if (!fits || n > InteropLimits.MaxStringCodePoints)
        {
            problem =
                $"dtype '{descr}' declares strings longer than {InteropLimits.MaxStringCodePoints:N0} code points.";
            return null;
        }
        return new NpyDescr(NpyDtype.Unicode, (int)n * 4, big, (int)n);
    }
}
