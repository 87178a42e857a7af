using System.Diagnostics;
using CrossbarLab.Data;
using ILGPU;
using ILGPU.Runtime;

namespace CrossbarLab.Gpu;

/// <summary>
/// The rates of the GPU's product kernels on device memory (no host copies in the timing): random operands uploaded
/// once, the kernel enqueued again and again for at least the given time, and the device waited for before the clock
/// stops.
/// </summary>
internal static class KernelRates
{
    /// <summary>GFLOP/s of C = A·B on n × n matrices (cuBLAS where it loaded, else the tiled kernel).</summary>
    public static double Sgemm(GpuCompute gpu, int n, double seconds)
    {
        var accelerator = gpu.Accelerator;
        using var a = accelerator.Allocate1D(RandomFloats(n * n, "bench-gemm-a"));
        using var b = accelerator.Allocate1D(RandomFloats(n * n, "bench-gemm-b"));
        using var c = accelerator.Allocate1D<float>(n * n);
        int runs = Repeat(gpu, seconds, () =>
            gpu.Gemm(false, false, n, n, n, 1f, a.View, n, b.View, n, 0f, c.View, n), out double elapsed);
        return runs * 2.0 * n * n * n / elapsed / 1e9;
    }

    /// <summary>10⁹ binary operations per second (2·m·n·bits a product) of the XNOR-popcount kernel.</summary>
    public static double Xnor(GpuCompute gpu, int m, int n, int bits, double seconds)
    {
        var accelerator = gpu.Accelerator;
        using var a = accelerator.Allocate1D(RandomBits(m, bits, "bench-xnor-a"));
        using var b = accelerator.Allocate1D(RandomBits(n, bits, "bench-xnor-b"));
        using var c = accelerator.Allocate1D<float>((long)m * n);
        int runs = Repeat(gpu, seconds, () => gpu.BinaryGemm(a.View, m, b.View, n, bits, c.View, n),
            out double elapsed);
        return runs * 2.0 * m * n * bits / elapsed / 1e9;
    }

    /// <summary>Runs <paramref name="launch"/> once to warm up, then for at least <paramref name="seconds"/>.</summary>
    private static int Repeat(GpuCompute gpu, double seconds, Action launch, out double elapsed)
    {
        launch();
        gpu.Synchronize();
        int runs = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            // Enqueue a batch between checks of the clock, so the host's checks do not starve the device.
            for (int i = 0; i < 10; i++)
                launch();
            runs += 10;
            gpu.Synchronize();
        }
        while (clock.Elapsed.TotalSeconds < seconds);
        elapsed = clock.Elapsed.TotalSeconds;
        return runs;
    }

    private static float[] RandomFloats(int count, string purpose)
    {
        var rng = new RandomStream(0, purpose);
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = rng.NextSingle();
        return values;
    }

    /// <summary>Rows of random bits with the padding bits of each row's last word cleared.</summary>
    private static ulong[] RandomBits(int rows, int bits, string purpose)
    {
        int words = BitPacking.WordsFor(bits);
        var rng = new RandomStream(0, purpose);
        var values = new ulong[rows * words];
        ulong mask = bits % 64 == 0 ? ulong.MaxValue : (1UL << (bits % 64)) - 1;
        for (int i = 0; i < values.Length; i++)
            values[i] = rng.NextUInt64();
        for (int r = 0; r < rows; r++)
            values[r * words + words - 1] &= mask;
        return values;
    }
}
