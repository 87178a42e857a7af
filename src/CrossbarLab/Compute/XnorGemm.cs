using System.Numerics;

namespace CrossbarLab.Compute;

/// <summary>
/// The ±1 × ±1 matrix product on bit-packed operands: C[i, j] = Σ_k a[i, k]·b[j, k] = bits − 2·popcount(a_i XOR b_j),
/// where a set bit is +1 and a clear bit −1 (XNOR-popcount). Padding bits past <c>bits</c> must be equal in both operands
/// (BitPacking leaves them 0), so they cancel in the XOR.
/// </summary>
internal sealed unsafe class XnorGemm : IParallelJob
{
    private const int RowsPerPiece = 16;
    private readonly WorkerPool _pool;
    private ulong* _a, _b;
    private float* _c;
    private int _m, _n, _words, _bits, _ldc;

    public XnorGemm(WorkerPool pool) => _pool = pool;

    public void Multiply(ReadOnlySpan<ulong> a, int m, ReadOnlySpan<ulong> b, int n, int bits, Span<float> c, int ldc)
    {
        int words = (bits + 63) >> 6;
        if (a.Length < m * words || b.Length < n * words || ldc < n || (m > 0 && c.Length < (m - 1) * ldc + n))
            throw new ArgumentException("Buffers too small for the binary product.");
        fixed (ulong* pa = a, pb = b)
        fixed (float* pc = c)
        {
            _a = pa; _b = pb; _c = pc; _m = m; _n = n; _words = words; _bits = bits; _ldc = ldc;
            int pieces = (m + RowsPerPiece - 1) / RowsPerPiece;
            if ((long)m * n * words >= 1 << 14) _pool.Run(this, pieces);
            else for (int p = 0; p < pieces; p++) Execute(p);
        }
    }

    public void Execute(int piece)
    {
        int end = Math.Min(_m, (piece + 1) * RowsPerPiece), words = _words;
        for (int i = piece * RowsPerPiece; i < end; i++)
        {
            ulong* ai = _a + (long)i * words;
            float* ci = _c + (long)i * _ldc;
            ulong* bj = _b;
            for (int j = 0; j < _n; j++, bj += words)
            {
                int differ = 0;
                for (int w = 0; w < words; w++) differ += BitOperations.PopCount(ai[w] ^ bj[w]);
                ci[j] = _bits - 2 * differ;
            }
        }
    }
}
