using CrossbarLab.Compute;
using CrossbarLab.Data;

namespace CrossbarLab.Tests.Compute;

public class CpuComputeTests
{
    private static void NaiveGemm(bool ta, bool tb, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, double[] c, int ldc)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                    s += (double)(ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                c[i * ldc + j] = alpha * s + beta * c[i * ldc + j];
            }
    }

    public static TheoryData<bool, bool, int, int, int> Shapes()
    {
        var data = new TheoryData<bool, bool, int, int, int>();
        int[][] shapes = [[1, 1, 1], [7, 5, 3], [6, 16, 256], [13, 17, 300], [100, 90, 100], [97, 33, 513], [200, 130, 70]];
        foreach (var s in shapes)
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    data.Add(ta, tb, s[0], s[1], s[2]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void GemmMatchesNaiveReference(bool transA, bool transB, int m, int n, int k)
    {
        // Padded leading dimensions check that strides are honoured.
        int lda = (transA ? m : k) + 3, ldb = (transB ? k : n) + 2, ldc = n + 1;
        var a = TestData.RandomFloats((transA ? k : m) * lda, (ulong)(m * 31 + k));
        var b = TestData.RandomFloats((transB ? n : k) * ldb, (ulong)(n * 17 + k));
        var c = TestData.RandomFloats(m * ldc, 5);
        var expected = c.Select(v => (double)v).ToArray();
        NaiveGemm(transA, transB, m, n, k, 0.5f, a, lda, b, ldb, -2f, expected, ldc);
        new CpuCompute().Gemm(transA, transB, m, n, k, 0.5f, a, lda, b, ldb, -2f, c, ldc);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                Assert.True(Math.Abs(c[i * ldc + j] - expected[i * ldc + j]) <= 1e-4 * (1 + Math.Sqrt(k)),
                    $"C[{i},{j}] = {c[i * ldc + j]}, expected {expected[i * ldc + j]}");
        // The padding column of C is untouched.
        var original = TestData.RandomFloats(m * ldc, 5);
        for (int i = 0; i < m; i++) Assert.Equal(original[i * ldc + n], c[i * ldc + n]);
    }

    [Fact]
    public void GemmMatchesNaiveReferenceOnRandomShapes()
    {
        var rng = new RandomStream(2024, "gemm-shapes");
        for (int trial = 0; trial < 25; trial++)
        {
            int m = 1 + rng.NextInt(150), n = 1 + rng.NextInt(150), k = 1 + rng.NextInt(600);
            bool ta = rng.NextInt(2) == 1, tb = rng.NextInt(2) == 1;
            var a = TestData.RandomFloats(m * k, (ulong)trial);
            var b = TestData.RandomFloats(k * n, (ulong)trial + 100);
            var c = new float[m * n];
            var expected = new double[m * n];
            NaiveGemm(ta, tb, m, n, k, 1f, a, ta ? m : k, b, tb ? k : n, 0f, expected, n);
            new CpuCompute().Gemm(ta, tb, m, n, k, 1f, a, ta ? m : k, b, tb ? k : n, 0f, c, n);
            for (int i = 0; i < c.Length; i++)
                Assert.True(Math.Abs(c[i] - expected[i]) <= 1e-4 * (1 + Math.Sqrt(k)), $"trial {trial} ({m}×{n}×{k}, ta={ta}, tb={tb}) element {i}");
        }
    }

    [Fact]
    public void GemmWithZeroBetaIgnoresNaNInC()
    {
        var a = TestData.RandomFloats(4 * 3, 1); var b = TestData.RandomFloats(3 * 2, 2);
        var c = Enumerable.Repeat(float.NaN, 8).ToArray();
        new CpuCompute().Gemm(false, false, 4, 2, 3, 1f, a, 3, b, 2, 0f, c, 2);
        Assert.All(c, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void GemmIsBitIdenticalWithAnyNumberOfThreads()
    {
        const int m = 300, n = 200, k = 600;
        var a = TestData.RandomFloats(m * k, 1); var b = TestData.RandomFloats(k * n, 2);
        var parallel = new float[m * n]; var sequential = new float[m * n];
        new CpuCompute(new WorkerPool(3)).Gemm(false, false, m, n, k, 1f, a, k, b, n, 0f, parallel, n);
        new CpuCompute(new WorkerPool(0)).Gemm(false, false, m, n, k, 1f, a, k, b, n, 0f, sequential, n);
        Assert.Equal(sequential, parallel);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 7)]
    [InlineData(9, 10, 63)]
    [InlineData(17, 11, 64)]
    [InlineData(33, 9, 65)]
    [InlineData(100, 90, 100)]
    [InlineData(50, 20, 784)]
    [InlineData(40, 7, 129)]
    public void BinaryGemmEqualsTheFloatProductOnPlusMinusOneData(int m, int n, int bits)
    {
        var a = TestData.RandomSigns(m * bits, (ulong)m);
        var b = TestData.RandomSigns(n * bits, (ulong)(n + 100));
        int words = BitPacking.WordsFor(bits);
        var pa = new ulong[m * words]; var pb = new ulong[n * words];
        BitPacking.PackRows(a, m, bits, pa);
        BitPacking.PackRows(b, n, bits, pb);
        var binary = new float[m * n];
        new CpuCompute().BinaryGemm(pa, m, pb, n, bits, binary, n);
        var dense = new float[m * n];
        new CpuCompute().Gemm(false, true, m, n, bits, 1f, a, bits, b, bits, 0f, dense, n);
        Assert.Equal(dense, binary);
    }

    [Fact]
    public void UndersizedBuffersAreRejected()
    {
        var compute = new CpuCompute();
        Assert.Throws<ArgumentException>(() => compute.Gemm(false, false, 4, 4, 4, 1f, new float[15], 4, new float[16], 4, 0f, new float[16], 4));
        Assert.Throws<ArgumentException>(() => compute.BinaryGemm(new ulong[1], 2, new ulong[2], 2, 64, new float[4], 2));
    }
}
