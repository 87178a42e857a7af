using CrossbarLab.Compute;
using CrossbarLab.Gpu;

namespace CrossbarLab.Tests.Gpu;

/// <summary>
/// The GPU backend every test shares: on ILGPU's CPU accelerator here (a CUDA device where there is one). One instance
/// per test process, because creating an accelerator and compiling its kernels is the slow part of a GPU test; the
/// tests that use it belong to the <see cref="GpuCollection"/>, so they never use it from two threads at once.
/// </summary>
internal static class SimulatedGpu
{
    private static readonly Lazy<GpuCompute> s_compute = new(Create);

    /// <summary>The shared backend.</summary>
    public static GpuCompute Compute => s_compute.Value;

    /// <summary>The shared backend as theory data: xunit disposes IDisposable arguments after a theory, and the
    /// shared accelerator must outlive every test.</summary>
    public static ICompute AsTheoryData => new Undisposable(s_compute.Value);

    private static GpuCompute Create() =>
        GpuBackend.TryCreate(allowCpuAccelerator: true, out string description)
        ?? throw new InvalidOperationException($"No GPU backend, not even on the CPU accelerator: {description}");
}

/// <summary>The tests that use <see cref="SimulatedGpu"/>: run one after another (the backend holds buffers).</summary>
[CollectionDefinition(Name)]
public sealed class GpuCollection : ICollectionFixture<GpuFixture>
{
    /// <summary>The collection's name, for [Collection(GpuCollection.Name)].</summary>
    public const string Name = "gpu";
}

/// <summary>Hands the shared backend to a test class's constructor.</summary>
public sealed class GpuFixture
{
    /// <summary>The shared backend (created on first use).</summary>
    internal CrossbarLab.Gpu.GpuCompute Compute => SimulatedGpu.Compute;
}

/// <summary>Forwards to a backend without its IDisposable (see <see cref="SimulatedGpu.AsTheoryData"/>).</summary>
internal sealed class Undisposable(ICompute inner) : ICompute
{
    public string Name => inner.Name;

    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        inner.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    public void BinaryGemm(ReadOnlySpan<ulong> a, int m, ReadOnlySpan<ulong> b, int n, int bits, Span<float> c,
        int ldc) => inner.BinaryGemm(a, m, b, n, bits, c, ldc);

    public override string ToString() => inner.ToString() ?? inner.Name;
}
