namespace CrossbarLab.Compute;

/// <summary>
/// Division of non-negative 32-bit integers by a fixed divisor with one 64×64-bit multiply instead of a hardware divide
/// (Lemire, Kaser and Kurz, "Faster remainder by direct computation", 2019): exact for every dividend in [0, 2³²).
/// The sparse corrections split every defective cell's flat index into (input, output) once per pass, and a divide
/// per cell cost more than the rest of the cell's bookkeeping.
/// </summary>
internal readonly struct FastDivisor
{
    private readonly ulong _multiplier;

    /// <summary>The divisor.</summary>
    public int Divisor { get; }

    /// <summary>Prepares division by <paramref name="divisor"/> (positive).</summary>
    public FastDivisor(int divisor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(divisor);
        Divisor = divisor;
        _multiplier = ulong.MaxValue / (uint)divisor + 1; // ⌈2⁶⁴ / d⌉ (d = 1 wraps to 0 and is handled below)
    }

    /// <summary>⌊x / d⌋ and x mod d for x ≥ 0.</summary>
    public (int Quotient, int Remainder) DivRem(int x)
    {
        int q = Divisor == 1 ? x : (int)Math.BigMul(_multiplier, (uint)x, out _);
        return (q, x - q * Divisor);
    }
}
