using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace CrossbarLab.Tests.Gpu;

/// <summary>
/// The GPU kernels against the CPU backend. SGEMM: float sums in another order, so within a relative tolerance of
/// 1e-5·√k of Σ|α·a·b| + |β·c| (the size of the terms summed; rounding grows like √k for random signs). XNOR: integer
/// arithmetic, so exactly equal. Sizes are small and odd: ILGPU's CPU accelerator runs every thread of a group as an
/// OS thread, so a barrier costs milliseconds here.
/// </summary>
[Collection(GpuCollection.Name)]
public class GpuComputeTests
{
    private readonly GpuCompute _gpu;

    public GpuComputeTests(GpuFixture fixture) => _gpu = fixture.Compute;

    public static TheoryData<bool, bool, int, int, int> Shapes()
    {
        var data = new TheoryData<bool, bool, int, int, int>();
        int[][] shapes = [[1, 1, 1], [17, 19, 37], [5, 40, 3], [33, 7, 16]];
        foreach (var s in shapes)
        {
            foreach (bool ta in new[] { false, true })
            {
                foreach (bool tb in new[] { false, true })
                    data.Add(ta, tb, s[0], s[1], s[2]);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void GemmMatchesTheCpuWithEveryTransposeAndOddSizes(bool transA, bool transB, int m, int n, int k)
    {
        // Padded leading dimensions check that strides are honoured and padding is left alone.
        int lda = (transA ? m : k) + 3, ldb = (transB ? k : n) + 2, ldc = n + 1;
        var a = TestData.RandomFloats((transA ? k : m) * lda, (ulong)(m * 31 + k));
        var b = TestData.RandomFloats((transB ? n : k) * ldb, (ulong)(n * 17 + k));
        var c0 = TestData.RandomFloats(m * ldc, 5);
        var cpu = (float[])c0.Clone();
        var gpu = (float[])c0.Clone();
        new CpuCompute().Gemm(transA, transB, m, n, k, 0.5f, a, lda, b, ldb, -2f, cpu, ldc);
        _gpu.Gemm(transA, transB, m, n, k, 0.5f, a, lda, b, ldb, -2f, gpu, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double scale = 0.5 * AbsDot(transA, transB, a, lda, b, ldb, i, j, k) + 2 * Math.Abs(c0[i * ldc + j]);
                AssertClose(cpu[i * ldc + j], gpu[i * ldc + j], k, scale, $"C[{i},{j}]");
            }
            Assert.Equal(c0[i * ldc + n], gpu[i * ldc + n]);
        }
    }

    [Fact]
    public void AlphaAndBetaAreAppliedAndZeroBetaNeverReadsC()
    {
        const int m = 9, n = 11, k = 21;
        var a = TestData.RandomFloats(m * k, 1);
        var b = TestData.RandomFloats(k * n, 2);
        var c = TestData.RandomFloats(m * n, 3);
        var product = new float[m * n];
        _gpu.Gemm(false, false, m, n, k, 1f, a, k, b, n, 0f, product, n);

        var scaled = (float[])c.Clone();
        _gpu.Gemm(false, false, m, n, k, -3f, a, k, b, n, 0.25f, scaled, n);
        for (int i = 0; i < m * n; i++)
            AssertClose(-3f * product[i] + 0.25f * c[i], scaled[i], k, 3 * k + 1, $"element {i}");

        var onlyBeta = (float[])c.Clone();
        _gpu.Gemm(false, false, m, n, k, 0f, a, k, b, n, 2f, onlyBeta, n);
        Assert.Equal(c.Select(v => 2f * v), onlyBeta);

        var nan = Enumerable.Repeat(float.NaN, m * n).ToArray();
        _gpu.Gemm(false, false, m, n, k, 1f, a, k, b, n, 0f, nan, n);
        Assert.Equal(product, nan);
    }

    [Fact]
    public void WithKZeroCIsScaledByBeta()
    {
        var c = TestData.RandomFloats(6 * 5, 4);
        var scaled = (float[])c.Clone();
        _gpu.Gemm(true, false, 6, 5, 0, 1f, [], 6, [], 5, -0.5f, scaled, 5);
        Assert.Equal(c.Select(v => -0.5f * v), scaled);
        var cleared = Enumerable.Repeat(float.NaN, 30).ToArray();
        _gpu.Gemm(false, false, 6, 5, 0, 1f, [], 0, [], 5, 0f, cleared, 5);
        Assert.All(cleared, v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 63)]
    [InlineData(7, 9, 64)]
    [InlineData(9, 4, 65)]
    [InlineData(20, 13, 100)]
    [InlineData(6, 11, 129)]
    [InlineData(5, 3, 784)]
    public void BinaryGemmEqualsTheCpuExactly(int m, int n, int bits)
    {
        int words = BitPacking.WordsFor(bits);
        var pa = new ulong[m * words];
        var pb = new ulong[n * words];
        BitPacking.PackRows(TestData.RandomSigns(m * bits, (ulong)m), m, bits, pa);
        BitPacking.PackRows(TestData.RandomSigns(n * bits, (ulong)n + 50), n, bits, pb);
        int ldc = n + 2;
        var cpu = TestData.RandomFloats(m * ldc, 6);
        var gpu = (float[])cpu.Clone();
        new CpuCompute().BinaryGemm(pa, m, pb, n, bits, cpu, ldc);
        _gpu.BinaryGemm(pa, m, pb, n, bits, gpu, ldc);
        Assert.Equal(cpu, gpu);
    }

    [Fact]
    public void EmptySizesDoNothing()
    {
        var c = TestData.RandomFloats(12, 7);
        var untouched = (float[])c.Clone();
        _gpu.Gemm(false, false, 0, 4, 3, 1f, [], 3, new float[12], 4, 0f, c, 4);
        _gpu.Gemm(false, true, 3, 0, 4, 1f, new float[12], 4, [], 4, 0f, c, 4);
        _gpu.BinaryGemm([], 0, new ulong[2], 2, 64, c, 2);
        _gpu.BinaryGemm(new ulong[3], 3, [], 0, 64, c, 4);
        Assert.Equal(untouched, c);
    }

    [Fact]
    public void RepeatedCallsReuseTheDeviceBuffers()
    {
        var a = TestData.RandomFloats(20 * 30, 8);
        var b = TestData.RandomFloats(30 * 10, 9);
        var c = new float[20 * 10];
        _gpu.Gemm(false, false, 20, 10, 30, 1f, a, 30, b, 10, 0f, c, 10);
        int allocations = _gpu.DeviceAllocations;
        for (int call = 0; call < 3; call++)
            _gpu.Gemm(false, false, 20, 10, 30, 1f, a, 30, b, 10, 0f, c, 10);
        _gpu.Gemm(false, false, 10, 5, 15, 1f, a, 15, b, 5, 0f, c, 5);
        Assert.Equal(allocations, _gpu.DeviceAllocations);
    }

    [Fact]
    public void DeviceResidentOverloadsComputeTheSameAsTheSpanOnes()
    {
        const int m = 12, n = 7, k = 19, bits = 70;
        var a = TestData.RandomFloats(k * m, 10);
        var b = TestData.RandomFloats(n * k, 11);
        var expected = new float[m * n];
        _gpu.Gemm(true, true, m, n, k, 1.5f, a, m, b, k, 0f, expected, n);

        var accelerator = _gpu.Accelerator;
        using var da = accelerator.Allocate1D(a);
        using var db = accelerator.Allocate1D(b);
        using var dc = accelerator.Allocate1D<float>(m * n);
        _gpu.Gemm(true, true, m, n, k, 1.5f, da.View, m, db.View, k, 0f, dc.View, n);
        Assert.Equal(expected, dc.GetAsArray1D());

        int words = BitPacking.WordsFor(bits);
        var pa = new ulong[m * words];
        var pb = new ulong[n * words];
        BitPacking.PackRows(TestData.RandomSigns(m * bits, 12), m, bits, pa);
        BitPacking.PackRows(TestData.RandomSigns(n * bits, 13), n, bits, pb);
        var binary = new float[m * n];
        new CpuCompute().BinaryGemm(pa, m, pb, n, bits, binary, n);
        using var dpa = accelerator.Allocate1D(pa);
        using var dpb = accelerator.Allocate1D(pb);
        _gpu.BinaryGemm(dpa.View, m, dpb.View, n, bits, dc.View, n);
        Assert.Equal(binary, dc.GetAsArray1D());
        Assert.Throws<ArgumentException>(() =>
            _gpu.Gemm(false, false, m, n, k, 1f, da.View.SubView(0, 5), k, db.View, n, 0f, dc.View, n));
    }

    [Fact]
    public void DescribesItsDevice()
    {
        Assert.Equal("gpu", _gpu.Name);
        Assert.False(string.IsNullOrWhiteSpace(_gpu.Description));
        Assert.Equal(_gpu.IsCuda, _gpu.Accelerator.AcceleratorType == AcceleratorType.Cuda);
        if (!_gpu.IsCuda)
            Assert.False(_gpu.UsesCuBlas);
    }

    private static double AbsDot(bool ta, bool tb, float[] a, int lda, float[] b, int ldb, int i, int j, int k)
    {
        double s = 0;
        for (int p = 0; p < k; p++)
            s += Math.Abs((ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]));
        return s;
    }

    /// <summary>|expected − actual| ≤ 1e-5·√k·scale (+ a denormal floor), the SGEMM tolerance of these tests.</summary>
    private static void AssertClose(double expected, double actual, int k, double scale, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Sqrt(Math.Max(k, 1)) * scale + 1e-30,
            $"{what}: {actual}, expected {expected} (k = {k}, scale {scale})");
}
