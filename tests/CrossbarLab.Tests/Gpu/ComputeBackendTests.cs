using CrossbarLab.Compute;
using CrossbarLab.Data;

namespace CrossbarLab.Tests.Gpu;

/// <summary>
/// The behaviours every <see cref="ICompute"/> must have, run over every backend with one theory: adding a backend is
/// one line in <see cref="Backends"/>. The GPU runs on ILGPU's CPU accelerator here, so sizes stay small.
/// Belongs to the GPU collection because it shares <see cref="SimulatedGpu"/>.
/// </summary>
[Collection(GpuCollection.Name)]
public class ComputeBackendTests
{
    public static TheoryData<ICompute> Backends() => new()
    {
        new CpuCompute(),
        SimulatedGpu.AsTheoryData,
    };

    [Theory]
    [MemberData(nameof(Backends))]
    public void HasAName(ICompute compute) => Assert.Contains(compute.Name, new[] { "cpu", "gpu" });

    [Theory]
    [MemberData(nameof(Backends))]
    public void GemmMatchesADoublePrecisionReference(ICompute compute)
    {
        foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            const int m = 13, n = 18, k = 35;
            int lda = ta ? m : k, ldb = tb ? k : n;
            var a = TestData.RandomFloats(m * k, 21);
            var b = TestData.RandomFloats(k * n, 22);
            var c = TestData.RandomFloats(m * n, 23);
            var expected = new double[m * n];
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    for (int p = 0; p < k; p++)
                        s += (double)(ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                    expected[i * n + j] = 0.75 * s + 0.5 * c[i * n + j];
                }
            }
            compute.Gemm(ta, tb, m, n, k, 0.75f, a, lda, b, ldb, 0.5f, c, n);
            for (int i = 0; i < m * n; i++)
                Assert.True(Math.Abs(c[i] - expected[i]) <= 1e-5 * Math.Sqrt(k) * k, $"ta={ta} tb={tb} element {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void GemmWithZeroBetaIgnoresNaNInC(ICompute compute)
    {
        var c = Enumerable.Repeat(float.NaN, 8).ToArray();
        var a = TestData.RandomFloats(12, 1);
        var b = TestData.RandomFloats(6, 2);
        compute.Gemm(false, false, 4, 2, 3, 1f, a, 3, b, 2, 0f, c, 2);
        Assert.All(c, v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void GemmWithKZeroScalesCByBeta(ICompute compute)
    {
        var c = TestData.RandomFloats(12, 3);
        var scaled = (float[])c.Clone();
        compute.Gemm(false, false, 3, 4, 0, 1f, ReadOnlySpan<float>.Empty, 0, ReadOnlySpan<float>.Empty, 4, 3f,
            scaled, 4);
        Assert.Equal(c.Select(v => 3f * v), scaled);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void EmptyProductsLeaveCAlone(ICompute compute)
    {
        var c = TestData.RandomFloats(6, 4);
        var before = (float[])c.Clone();
        compute.Gemm(false, false, 0, 3, 2, 1f, ReadOnlySpan<float>.Empty, 2, new float[6], 3, 0f, c, 3);
        compute.BinaryGemm(ReadOnlySpan<ulong>.Empty, 0, new ulong[3], 3, 10, c, 3);
        Assert.Equal(before, c);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void BinaryGemmEqualsTheFloatProductOnPlusMinusOneData(ICompute compute)
    {
        foreach (int bits in new[] { 1, 64, 100, 130 })
        {
            const int m = 6, n = 5;
            var a = TestData.RandomSigns(m * bits, (ulong)bits);
            var b = TestData.RandomSigns(n * bits, (ulong)bits + 1);
            int words = BitPacking.WordsFor(bits);
            var pa = new ulong[m * words];
            var pb = new ulong[n * words];
            BitPacking.PackRows(a, m, bits, pa);
            BitPacking.PackRows(b, n, bits, pb);
            var binary = new float[m * n];
            compute.BinaryGemm(pa, m, pb, n, bits, binary, n);
            var dense = new float[m * n];
            compute.Gemm(false, true, m, n, bits, 1f, a, bits, b, bits, 0f, dense, n);
            Assert.Equal(dense, binary);
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void UndersizedBuffersAreRejected(ICompute compute)
    {
        Assert.Throws<ArgumentException>(() =>
            compute.Gemm(false, false, 4, 4, 4, 1f, new float[15], 4, new float[16], 4, 0f, new float[16], 4));
        Assert.Throws<ArgumentException>(() =>
            compute.Gemm(false, false, 4, 4, 4, 1f, new float[16], 3, new float[16], 4, 0f, new float[16], 4));
        Assert.Throws<ArgumentException>(() =>
            compute.Gemm(false, false, 4, 4, 4, 1f, new float[16], 4, new float[16], 4, 0f, new float[15], 4));
        Assert.Throws<ArgumentException>(() =>
            compute.BinaryGemm(new ulong[1], 2, new ulong[2], 2, 64, new float[4], 2));
        Assert.Throws<ArgumentException>(() =>
            compute.BinaryGemm(new ulong[2], 2, new ulong[2], 2, 64, new float[3], 2));
    }
}
