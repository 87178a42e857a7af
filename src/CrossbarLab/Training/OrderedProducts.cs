using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CrossbarLab.Compute;

namespace CrossbarLab.Training;

/// <summary>
/// The small dense products of one defect instance (a layer's weights times the instance's feature-major block, and
/// the instance's weight gradient), summed exactly as <see cref="Sgemm"/> sums: each output element is a chain of fused
/// multiply-adds over the summed index in ascending order, starting from zero, in slices of
/// <see cref="Sgemm.DepthSlice"/> whose sums are added one after the other. Results therefore equal the SGEMM ones bit
/// for bit, whichever way round the product is taken. Doing them per instance keeps the instance's data in cache
/// between the forward and the backward pass and lets instances run on different threads.
/// </summary>
internal static unsafe class OrderedProducts
{
    /// <summary>
    /// output row m = Σ_p W(m, p)·input row p for m &lt; rows, p &lt; depth, where W(m, p) = weights[m·mStride + p·pStride]:
    /// the forward product of a deeper layer (m = output, p = input) or the backward one (m = input, p = output).
    /// </summary>
    public static void WeightsTimesBlock(ReadOnlySpan<float> weights, int mStride, int pStride, int rows, int depth,
        FeatureBlock input, FeatureBlock output)
    {
        int n = output.Length;
        fixed (float* w = weights, x = input.Data, y = output.Data)
            for (int p0 = 0; p0 < depth; p0 += Sgemm.DepthSlice)
            {
                int slice = Math.Min(Sgemm.DepthSlice, depth - p0);
                for (int m = 0; m < rows; m++)
                    Row(w + (long)m * mStride + (long)p0 * pStride, pStride, slice, x + input.Column + (long)p0 * input.Stride, input.Stride,
                        y + output.Column + (long)m * output.Stride, n, p0 == 0);
            }
    }

    /// <summary>y[0..n) (+)= Σ_p w[p·ws]·x[p·xs + 0..n): 32 columns at a time, then 8, 4 and 1.</summary>
    private static void Row(float* w, int ws, int depth, float* x, int xs, float* y, int n, bool first)
    {
        int c = 0;
        if (Wide)
            for (; c + 32 <= n; c += 32)
            {
                Vector512<float> a0 = default, a1 = default;
                float* xp = x + c;
                for (int p = 0; p < depth; p++, xp += xs)
                {
                    var v = Vector512.Create(w[(long)p * ws]);
                    a0 = Vector512.FusedMultiplyAdd(v, Vector512.Load(xp), a0);
                    a1 = Vector512.FusedMultiplyAdd(v, Vector512.Load(xp + 16), a1);
                }
                Put(a0, y + c, first); Put(a1, y + c + 16, first);
            }
        for (; c + 32 <= n; c += 32)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            float* xp = x + c;
            for (int p = 0; p < depth; p++, xp += xs)
            {
                var v = Vector256.Create(w[(long)p * ws]);
                a0 = Sgemm.Fmadd(v, Vector256.Load(xp), a0);
                a1 = Sgemm.Fmadd(v, Vector256.Load(xp + 8), a1);
                a2 = Sgemm.Fmadd(v, Vector256.Load(xp + 16), a2);
                a3 = Sgemm.Fmadd(v, Vector256.Load(xp + 24), a3);
            }
            Put(a0, y + c, first); Put(a1, y + c + 8, first); Put(a2, y + c + 16, first); Put(a3, y + c + 24, first);
        }
        for (; c + 8 <= n; c += 8)
        {
            Vector256<float> a = default;
            float* xp = x + c;
            for (int p = 0; p < depth; p++, xp += xs) a = Sgemm.Fmadd(Vector256.Create(w[(long)p * ws]), Vector256.Load(xp), a);
            Put(a, y + c, first);
        }
        for (; c + 4 <= n; c += 4)
        {
            Vector128<float> a = default;
            float* xp = x + c;
            for (int p = 0; p < depth; p++, xp += xs) a = Fmadd(Vector128.Create(w[(long)p * ws]), Vector128.Load(xp), a);
            if (first) a.Store(y + c); else (Vector128.Load(y + c) + a).Store(y + c);
        }
        for (; c < n; c++)
        {
            float a = 0f;
            for (int p = 0; p < depth; p++) a = Fmadd(w[(long)p * ws], x[(long)p * xs + c], a);
            y[c] = first ? a : y[c] + a;
        }
    }

    /// <summary>
    /// gradient (inputs × outputs) = aᵀ·δ for one instance, given a (inputs × samples) and δ (outputs × samples)
    /// feature-major: each element sums over the samples in order. <paramref name="rowMajor"/> is scratch for δ
    /// transposed, at least samples × (outputs rounded up to 16).
    /// </summary>
    public static void WeightGradient(FeatureBlock a, FeatureBlock delta, int inputs, int outputs, Span<float> gradient, float[] rowMajor)
    {
        int batch = a.Length, padded = PaddedWidth(outputs);
        ToRowMajor(delta, outputs, padded, rowMajor);
        fixed (float* rows = rowMajor, g = gradient, aData = a.Data)
            for (int p0 = 0; p0 < batch; p0 += Sgemm.DepthSlice)
            {
                int depth = Math.Min(Sgemm.DepthSlice, batch - p0);
                float* a0 = aData + a.Column + p0;
                for (int o0 = 0; o0 < outputs; o0 += 16)
                {
                    float* d = rows + (long)p0 * padded + o0;
                    int width = Math.Min(16, outputs - o0), i = 0;
                    if (Wide)
                        for (; i + 8 <= inputs; i += 8) GradientRows8(a0 + (long)i * a.Stride, a.Stride, depth, d, padded, g + (long)i * outputs + o0, outputs, width, p0 == 0);
                    for (; i + 4 <= inputs; i += 4) GradientRows4(a0 + (long)i * a.Stride, a.Stride, depth, d, padded, g + (long)i * outputs + o0, outputs, width, p0 == 0);
                    for (; i < inputs; i++) GradientRow(a0 + (long)i * a.Stride, depth, d, padded, g + (long)i * outputs + o0, width, p0 == 0);
                }
            }
    }

    /// <summary>Scratch length <see cref="WeightGradient"/> needs.</summary>
    public static int RowMajorLength(int batch, int outputs) => batch * PaddedWidth(outputs);

    private static int PaddedWidth(int width) => (width + 15) & ~15;

    /// <summary>The block's rows transposed into <paramref name="target"/> (samples × padded outputs, the padding zero).</summary>
    private static void ToRowMajor(FeatureBlock block, int features, int padded, float[] target)
    {
        int batch = block.Length;
        target.AsSpan(0, batch * padded).Clear();
        for (int f = 0; f < features; f++)
        {
            var row = block.Row(f);
            for (int b = 0; b < batch; b++) target[b * padded + f] = row[b];
        }
    }

    /// <summary>Eight rows of the gradient, 16 outputs wide (one 512-bit vector each): g[r, 0..16) (+)= Σ_p a[r, p]·δ[p, 0..16).</summary>
    private static void GradientRows8(float* a, int aStride, int depth, float* delta, int deltaStride, float* g, int gStride, int width, bool first)
    {
        // The sums go through memory once at the end, with no call while they are live (vector registers do not
        // survive calls, and the JIT then kept every sum on the stack inside the loop).
        float* sums = stackalloc float[8 * 16];
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        long s = aStride;
        for (int p = 0; p < depth; p++, delta += deltaStride)
        {
            var d = Vector512.Load(delta);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[p]), d, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(a[s + p]), d, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(a[2 * s + p]), d, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(a[3 * s + p]), d, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(a[4 * s + p]), d, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(a[5 * s + p]), d, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(a[6 * s + p]), d, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(a[7 * s + p]), d, c7);
        }
        c0.Store(sums); c1.Store(sums + 16); c2.Store(sums + 32); c3.Store(sums + 48);
        c4.Store(sums + 64); c5.Store(sums + 80); c6.Store(sums + 96); c7.Store(sums + 112);
        CopyOut(sums, 8, g, gStride, width, first);
    }

    /// <summary>Four rows of the gradient, 16 outputs wide: g[r, 0..16) (+)= Σ_p a[r, p]·δ[p, 0..16).</summary>
    private static void GradientRows4(float* a, int aStride, int depth, float* delta, int deltaStride, float* g, int gStride, int width, bool first)
    {
        float* sums = stackalloc float[4 * 16];
        float* a1 = a + aStride, a2 = a1 + aStride, a3 = a2 + aStride;
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < depth; p++, delta += deltaStride)
        {
            var d0 = Vector256.Load(delta); var d1 = Vector256.Load(delta + 8);
            var v = Vector256.Create(a[p]); c00 = Sgemm.Fmadd(v, d0, c00); c01 = Sgemm.Fmadd(v, d1, c01);
            v = Vector256.Create(a1[p]); c10 = Sgemm.Fmadd(v, d0, c10); c11 = Sgemm.Fmadd(v, d1, c11);
            v = Vector256.Create(a2[p]); c20 = Sgemm.Fmadd(v, d0, c20); c21 = Sgemm.Fmadd(v, d1, c21);
            v = Vector256.Create(a3[p]); c30 = Sgemm.Fmadd(v, d0, c30); c31 = Sgemm.Fmadd(v, d1, c31);
        }
        c00.Store(sums); c01.Store(sums + 8); c10.Store(sums + 16); c11.Store(sums + 24);
        c20.Store(sums + 32); c21.Store(sums + 40); c30.Store(sums + 48); c31.Store(sums + 56);
        CopyOut(sums, 4, g, gStride, width, first);
    }

    private static void GradientRow(float* a, int depth, float* delta, int deltaStride, float* g, int width, bool first)
    {
        float* sums = stackalloc float[16];
        Vector256<float> c0 = default, c1 = default;
        for (int p = 0; p < depth; p++, delta += deltaStride)
        {
            var v = Vector256.Create(a[p]);
            c0 = Sgemm.Fmadd(v, Vector256.Load(delta), c0);
            c1 = Sgemm.Fmadd(v, Vector256.Load(delta + 8), c1);
        }
        c0.Store(sums); c1.Store(sums + 8);
        CopyOut(sums, 1, g, 0, width, first);
    }

    /// <summary>
    /// Rows of 16 sums into the gradient, the first <paramref name="width"/> of each: the first slice writes its sums,
    /// later ones add theirs (SGEMM's store with α = 1, β = 0).
    /// </summary>
    private static void CopyOut(float* sums, int rows, float* g, int gStride, int width, bool first)
    {
        for (int r = 0; r < rows; r++, sums += 16, g += gStride)
            if (first) for (int o = 0; o < width; o++) g[o] = sums[o];
            else for (int o = 0; o < width; o++) g[o] += sums[o];
    }

    /// <summary>The first slice writes its sum, later ones add theirs (SGEMM's store with α = 1, β = 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(Vector256<float> sum, float* y, bool first)
    {
        if (first) sum.Store(y);
        else (Vector256.Load(y) + sum).Store(y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(Vector512<float> sum, float* y, bool first)
    {
        if (first) sum.Store(y);
        else (Vector512.Load(y) + sum).Store(y);
    }

    /// <summary>
    /// Whether to use 512-bit vectors: where they are native, and only with FMA, so that their always-fused
    /// multiply-add matches <see cref="Sgemm.Fmadd"/> (the results are the same for any vector width).
    /// </summary>
    private static bool Wide => Vector512.IsHardwareAccelerated && Fma.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Fmadd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

    /// <summary>One lane of <see cref="Sgemm.Fmadd"/>: fused where the vector one is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Fmadd(float a, float b, float c) => Fma.IsSupported ? MathF.FusedMultiplyAdd(a, b, c) : a * b + c;
}
