namespace CrossbarLab.Interop;

/// <summary>
/// The element types an <see cref="NpyArray"/> can hold, with the NumPy dtype each one is written as.
/// </summary>
public enum NpyDtype
{
    /// <summary>32-bit float, '&lt;f4' (C# <see cref="float"/>).</summary>
    Float32,
    /// <summary>64-bit float, '&lt;f8' (C# <see cref="double"/>).</summary>
    Float64,
    /// <summary>Signed byte, '|i1' (C# <see cref="sbyte"/>).</summary>
    Int8,
    /// <summary>Unsigned byte, '|u1' (C# <see cref="byte"/>).</summary>
    UInt8,
    /// <summary>32-bit integer, '&lt;i4' (C# <see cref="int"/>).</summary>
    Int32,
    /// <summary>64-bit integer, '&lt;i8' (C# <see cref="long"/>).</summary>
    Int64,
    /// <summary>Boolean, '|b1', one byte 0 or 1 per element (C# <see cref="bool"/>).</summary>
    Bool,
    /// <summary>
    /// Fixed-width unicode string, '&lt;Un' with n UTF-32 code points per element (C# <see cref="string"/>).
    /// </summary>
    Unicode,
}
