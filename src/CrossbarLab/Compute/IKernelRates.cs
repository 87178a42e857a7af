namespace CrossbarLab.Compute;

/// <summary>
/// A backend whose kernels run on memory of its own (a GPU), measured there: its <see cref="ICompute"/> methods copy
/// operands to and from the host on every call, which would measure the copies rather than the kernels.
/// </summary>
public interface IKernelRates
{
    /// <summary>False for a simulation of the device (ILGPU's CPU accelerator), whose rates say nothing about
    /// hardware: the benchmark then leaves the kernel rows out.</summary>
    bool MeasuresHardware { get; }

    /// <summary>C = A·B of n × n matrices on device memory, run for at least <paramref name="seconds"/>: GFLOP/s.
    /// </summary>
    double SgemmGflops(int n, double seconds);

    /// <summary>The XNOR-popcount product of m and n rows of <paramref name="bits"/> bits on device memory, run for at
    /// least <paramref name="seconds"/>: 10⁹ binary operations (2·m·n·bits per product) per second.</summary>
    double XnorGops(int m, int n, int bits, double seconds);
}
