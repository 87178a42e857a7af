using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CrossbarLab.Compute;

/// <summary>
/// Single-precision GEMM, C = α·op(A)·op(B) + β·C on row-major matrices: blocked (K in slices of 256), operands packed
/// into contiguous panels, a 6×16 register-blocked FMA micro-kernel on 256-bit vectors, and tiles of C spread over
/// the <see cref="WorkerPool"/>. Each element of C is summed by one thread in a fixed order, so results do not depend
/// on the number of threads.
/// </summary>
internal sealed unsafe class Sgemm : IParallelJob
{
    private const int MR = 6, NR = 16, KC = 256, MC = 96;

    /// <summary>The slice of the summed dimension (K) summed in one pass; the slices' sums are added in order.</summary>
    internal const int DepthSlice = KC;

    [ThreadStatic] private static float[]? t_packA;
    private float[] _packB = new float[KC * NR * 64];
    private readonly WorkerPool _pool;

    // State of the call in flight, read by Execute.
    private float* _a, _c;
    private int _lda, _ldc, _m, _n, _pc, _kc, _tileCols, _tilesN;
    private bool _transA, _firstSlice;
    private float _alpha, _beta;

    public Sgemm(WorkerPool pool) => _pool = pool;

    public void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        CheckSize(a.Length, transA ? k : m, transA ? m : k, lda, "A");
        CheckSize(b.Length, transB ? n : k, transB ? k : n, ldb, "B");
        CheckSize(c.Length, m, n, ldc, "C");
        if (k == 0) { ScaleC(c, m, n, ldc, beta); return; }

        int panels = (n + NR - 1) / NR;
        if (_packB.Length < KC * NR * panels) _packB = new float[KC * NR * panels];

        // Enough tiles to keep every thread busy, each a whole number of NR-wide panels.
        int tilesM = (m + MC - 1) / MC;
        int want = Math.Max(1, 2 * _pool.Parallelism / tilesM);
        int panelsPerTile = Math.Max(1, (panels + want - 1) / want);
        bool parallel = (long)m * n * k >= 1 << 18;

        fixed (float* pa = a, pb = b, pc = c)
        {
            _a = pa; _c = pc; _lda = lda; _ldc = ldc; _m = m; _n = n;
            _transA = transA; _alpha = alpha; _beta = beta;
            _tileCols = panelsPerTile * NR; _tilesN = (panels + panelsPerTile - 1) / panelsPerTile;
            for (int p0 = 0; p0 < k; p0 += KC)
            {
                _pc = p0; _kc = Math.Min(KC, k - p0); _firstSlice = p0 == 0;
                PackB(pb, ldb, transB, p0, _kc, n);
                int tiles = tilesM * _tilesN;
                if (parallel) _pool.Run(this, tiles);
                else for (int t = 0; t < tiles; t++) Execute(t);
            }
        }
    }

    private static void CheckSize(int length, int rows, int cols, int ld, string name)
    {
        if (ld < cols || (rows > 0 && cols > 0 && (long)(rows - 1) * ld + cols > length))
            throw new ArgumentException($"Matrix {name} ({rows}×{cols}, leading dimension {ld}) does not fit its buffer of {length}.");
    }

    private static void ScaleC(Span<float> c, int m, int n, int ldc, float beta)
    {
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0f) row.Clear(); else System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }

    /// <summary>Packs op(B)[p0..p0+kc, 0..n) into NR-wide panels, zero-padded: panel j holds kc rows of NR values.</summary>
    private void PackB(float* b, int ldb, bool transB, int p0, int kc, int n)
    {
        fixed (float* dst0 = _packB)
        {
            for (int j0 = 0, panel = 0; j0 < n; j0 += NR, panel++)
            {
                float* dst = dst0 + panel * kc * NR;
                int nr = Math.Min(NR, n - j0);
                if (transB)
                {
                    // Read each row of B contiguously and scatter it down the panel (which stays in L1).
                    for (int j = 0; j < nr; j++)
                    {
                        float* src = b + (long)(j0 + j) * ldb + p0;
                        for (int p = 0; p < kc; p++) dst[p * NR + j] = src[p];
                    }
                    for (int p = 0; p < kc; p++) for (int j = nr; j < NR; j++) dst[p * NR + j] = 0f;
                    continue;
                }
                for (int p = 0; p < kc; p++, dst += NR)
                {
                    float* src = b + (long)(p0 + p) * ldb + j0;
                    if (nr == NR) { Unsafe.CopyBlockUnaligned(dst, src, NR * sizeof(float)); continue; }
                    for (int j = 0; j < nr; j++) dst[j] = src[j];
                    for (int j = nr; j < NR; j++) dst[j] = 0f;
                }
            }
        }
    }

    /// <summary>Computes one tile of C for the current K slice.</summary>
    public void Execute(int tile)
    {
        int i0 = tile / _tilesN * MC, j0 = tile % _tilesN * _tileCols;
        int mc = Math.Min(MC, _m - i0), nc = Math.Min(_tileCols, _n - j0), kc = _kc;
        var packA = t_packA ??= new float[MC * KC];
        fixed (float* pa = packA, pbAll = _packB)
        {
            PackA(pa, i0, mc, kc);
            float* tmp = stackalloc float[MR * NR];
            for (int j = 0; j < nc; j += NR)
            {
                float* pb = pbAll + (j0 + j) / NR * kc * NR;
                int nr = Math.Min(NR, nc - j);
                for (int i = 0; i < mc; i += MR)
                {
                    int mr = Math.Min(MR, mc - i);
                    float* cTile = _c + (long)(i0 + i) * _ldc + j0 + j;
                    Kernel(kc, pa + i * kc, pb, tmp);
                    Store(tmp, cTile, mr, nr);
                }
            }
        }
    }

    /// <summary>Packs op(A)[i0..i0+mc, pc..pc+kc) into MR-tall strips, zero-padded.</summary>
    private void PackA(float* dst, int i0, int mc, int kc)
    {
        for (int i = 0; i < mc; i += MR, dst += MR * kc)
        {
            int mr = Math.Min(MR, mc - i);
            if (mr < MR) for (int p = 0; p < kc; p++) for (int r = mr; r < MR; r++) dst[p * MR + r] = 0f;
            // Read along A's rows in memory: op(A)'s columns when transposed, its rows otherwise.
            if (_transA)
                for (int p = 0; p < kc; p++)
                {
                    float* src = _a + (long)(_pc + p) * _lda + i0 + i;
                    if (mr == MR) Unsafe.CopyBlockUnaligned(dst + p * MR, src, MR * sizeof(float));
                    else for (int r = 0; r < mr; r++) dst[p * MR + r] = src[r];
                }
            else
                for (int r = 0; r < mr; r++)
                {
                    float* src = _a + (long)(i0 + i + r) * _lda + _pc;
                    for (int p = 0; p < kc; p++) dst[p * MR + r] = src[p];
                }
        }
    }

    /// <summary>C tile = α·tmp (+ β·C on the first slice; + C on later ones), a whole 16-wide row as two vectors.</summary>
    private void Store(float* tmp, float* c, int mr, int nr)
    {
        var alpha = Vector256.Create(_alpha); var beta = Vector256.Create(_beta);
        for (int r = 0; r < mr; r++)
        {
            float* crow = c + (long)r * _ldc;
            float* trow = tmp + r * NR;
            int j = 0;
            if (nr == NR)
            {
                for (; j < NR; j += 8)
                {
                    var t = alpha * Vector256.Load(trow + j);
                    if (!_firstSlice) t = Vector256.Load(crow + j) + t;
                    else if (_beta != 0f) t += beta * Vector256.Load(crow + j);
                    t.Store(crow + j);
                }
                continue;
            }
            if (_firstSlice)
            {
                if (_beta == 0f) for (; j < nr; j++) crow[j] = _alpha * trow[j];
                else for (; j < nr; j++) crow[j] = _alpha * trow[j] + _beta * crow[j];
            }
            else for (; j < nr; j++) crow[j] += _alpha * trow[j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Fmadd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

    /// <summary>The 6×16 micro-kernel: tmp = Σ_p a[p, 0..6) ⊗ b[p, 0..16).</summary>
    private static void Kernel(int kc, float* a, float* b, float* tmp)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
                         c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++, a += MR, b += NR)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var av = Vector256.Create(a[0]); c00 = Fmadd(av, b0, c00); c01 = Fmadd(av, b1, c01);
            av = Vector256.Create(a[1]); c10 = Fmadd(av, b0, c10); c11 = Fmadd(av, b1, c11);
            av = Vector256.Create(a[2]); c20 = Fmadd(av, b0, c20); c21 = Fmadd(av, b1, c21);
            av = Vector256.Create(a[3]); c30 = Fmadd(av, b0, c30); c31 = Fmadd(av, b1, c31);
            av = Vector256.Create(a[4]); c40 = Fmadd(av, b0, c40); c41 = Fmadd(av, b1, c41);
            av = Vector256.Create(a[5]); c50 = Fmadd(av, b0, c50); c51 = Fmadd(av, b1, c51);
        }
        c00.Store(tmp); c01.Store(tmp + 8); c10.Store(tmp + 16); c11.Store(tmp + 24);
        c20.Store(tmp + 32); c21.Store(tmp + 40); c30.Store(tmp + 48); c31.Store(tmp + 56);
        c40.Store(tmp + 64); c41.Store(tmp + 72); c50.Store(tmp + 80); c51.Store(tmp + 88);
    }
}
