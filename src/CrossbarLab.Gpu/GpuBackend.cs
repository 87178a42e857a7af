using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace CrossbarLab.Gpu;

/// <summary>Finds an ILGPU accelerator and builds the GPU backend on it; lists the devices ILGPU sees.</summary>
public static class GpuBackend
{
    /// <summary>The simulated GPU of the tests: one multiprocessor of 8 warps × 32 threads, so a group can hold the
    /// 16×16 threads of the SGEMM kernel (ILGPU's default CPU device allows only 16 per group).</summary>
    private static CPUDevice SimulatedGpu => new(numThreadsPerWarp: 32, numWarpsPerMultiprocessor: 8,
        numMultiprocessors: 1);

    /// <summary>
    /// The GPU backend on the CUDA device with the most memory; if there is none (or it cannot be used) and
    /// <paramref name="allowCpuAccelerator"/>, on ILGPU's CPU accelerator (slow: for tests); otherwise null.
    /// </summary>
    /// <param name="description">The device (name, memory, compute capability, cuBLAS or not), or, when null is
    /// returned, one line saying why (e.g. "no CUDA device found").</param>
    /// <param name="useCuBlas">False to run the SGEMM on the tiled kernel even where cuBLAS loads (to compare).</param>
    public static GpuCompute? TryCreate(bool allowCpuAccelerator, out string description, bool useCuBlas = true)
    {
        string? cudaProblem = null;
        var cuda = TryCreateCuda(useCuBlas, ref cudaProblem);
        if (cuda != null)
        {
            description = cuda.Description;
            return cuda;
        }
        string reason = cudaProblem ?? "no CUDA device found";
        if (!allowCpuAccelerator)
        {
            description = reason;
            return null;
        }
        var context = Context.Create(builder => builder.CPU(SimulatedGpu).EnableAlgorithms());
        var accelerator = context.GetCPUDevice(0).CreateAccelerator(context);
        var cpu = new GpuCompute(context, accelerator, useCuBlas: false,
            $"ILGPU CPU accelerator ({reason}; simulated GPU, {accelerator.MaxNumThreadsPerGroup} threads per group)");
        description = cpu.Description;
        return cpu;
    }

    /// <summary>Every device ILGPU finds (CUDA, OpenCL, CPU); a kind whose probe fails is left out.</summary>
    public static IReadOnlyList<GpuDeviceInfo> Describe()
    {
        var devices = new List<GpuDeviceInfo>();
        Probe(builder => builder.Cuda(), AcceleratorType.Cuda, devices);
        Probe(builder => builder.OpenCL(), AcceleratorType.OpenCL, devices);
        // ILGPU can simulate CPU devices with NVIDIA-, AMD- and Intel-like warps too; the default one says enough.
        Probe(builder => builder.CPU(CPUDeviceKind.Default), AcceleratorType.CPU, devices);
        return devices;
    }

    private static GpuCompute? TryCreateCuda(bool useCuBlas, ref string? problem)
    {
        Context? context = null;
        CudaDevice? device = null;
        try
        {
            context = Context.Create(builder => builder.Cuda().EnableAlgorithms());
            foreach (var candidate in context.GetCudaDevices())
            {
                if (device == null || candidate.MemorySize > device.MemorySize)
                    device = candidate;
            }
            if (device == null)
            {
                context.Dispose();
                return null;
            }
            var accelerator = device.CreateAccelerator(context);
            return new GpuCompute(context, accelerator, useCuBlas, Info(device).ToString());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A driver that is missing, too old or broken is a reason to fall back, not to stop the program.
            problem = device == null
                ? $"CUDA could not be initialised ({e.Message})"
                : $"CUDA device {device.Name} could not be used ({e.Message})";
            context?.Dispose();
            return null;
        }
    }

    /// <summary>Adds the devices of one kind (a context may add a CPU device of its own, which is skipped).</summary>
    private static void Probe(Action<Context.Builder> configure, AcceleratorType kind, List<GpuDeviceInfo> devices)
    {
        try
        {
            using var context = Context.Create(configure);
            foreach (var device in context)
            {
                if (device.AcceleratorType == kind)
                    devices.Add(Info(device));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A missing or broken driver of one kind must not hide the devices of the others.
        }
    }

    private static GpuDeviceInfo Info(Device device)
    {
        string? capability = device is CudaDevice { Architecture: { } arch } ? $"{arch.Major}.{arch.Minor}" : null;
        return new GpuDeviceInfo(device.AcceleratorType.ToString(), device.Name, device.MemorySize, capability);
    }
}
