namespace CrossbarLab.Interop;

/// <summary>
/// The caps every Interop reader applies before it allocates or decompresses anything, so that a damaged or hostile
/// file (a zip bomb, a header that declares a huge shape) ends in a clear error instead of exhausting memory.
/// A CrossbarLab model or die map is a few megabytes at most; the caps leave ample room above that.
/// </summary>
public static class InteropLimits
{
    /// <summary>Largest .npy or .npz file read, in bytes (1 GiB).</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Largest ONNX model file read, in bytes (256 MiB).</summary>
    public const long MaxOnnxFileBytes = 256L << 20;

    /// <summary>Largest data section of one array (shape product × item size), in bytes (1 GiB).</summary>
    public const long MaxArrayBytes = 1L << 30;

    /// <summary>Largest declared uncompressed size of one .npz entry, in bytes (1 GiB).</summary>
    public const long MaxEntryBytes = 1L << 30;

    /// <summary>
    /// Largest sum of the declared uncompressed sizes of all entries of one .npz archive, in bytes (1 GiB).
    /// </summary>
    public const long MaxTotalUncompressedBytes = 1L << 30;

    /// <summary>Most entries in one .npz archive.</summary>
    public const int MaxEntries = 4096;

    /// <summary>Longest .npy header (the Python dictionary after the length field), in bytes (64 KiB).</summary>
    public const int MaxHeaderBytes = 64 * 1024;

    /// <summary>Most dimensions of one array (NumPy 2's own limit).</summary>
    public const int MaxDimensions = 64;

    /// <summary>Longest element of a unicode string array ('&lt;U…'), in code points.</summary>
    public const int MaxStringCodePoints = 1 << 20;
}
