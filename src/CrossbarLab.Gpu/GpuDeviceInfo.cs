namespace CrossbarLab.Gpu;

/// <summary>One device ILGPU found on this machine, as <see cref="GpuBackend.Describe"/> lists it.</summary>
/// <param name="Kind">ILGPU's accelerator type: "Cuda", "OpenCL" or "CPU".</param>
/// <param name="Name">The device's name as its driver reports it.</param>
/// <param name="MemoryBytes">Device memory in bytes (the CPU accelerator reports long.MaxValue: host memory).</param>
/// <param name="ComputeCapability">CUDA compute capability ("9.0"), or null for other kinds or an architecture that
/// this ILGPU version does not know.</param>
public sealed record GpuDeviceInfo(string Kind, string Name, long MemoryBytes, string? ComputeCapability)
{
    /// <summary>One line: kind, name, memory in GiB and, for CUDA, the compute capability.</summary>
    public override string ToString()
    {
        string memory = MemoryBytes == long.MaxValue ? "host memory" : $"{MemoryBytes / (double)(1L << 30):F1} GiB";
        string capability = ComputeCapability is null ? "" : $", compute capability {ComputeCapability}";
        return $"{Kind}: {Name} ({memory}{capability})";
    }
}
