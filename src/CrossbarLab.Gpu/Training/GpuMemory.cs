using ILGPU.Runtime;

namespace CrossbarLab.Gpu.Training;

/// <summary>Refuses a training run that does not fit the device, with one line naming the settings to lower.</summary>
internal static class GpuMemory
{
    /// <summary>Share of the device's memory a run may plan to use (cuBLAS and the driver need some too).</summary>
    private const double Usable = 0.9;

    /// <summary>Throws before anything is allocated when <paramref name="bytes"/> exceed what the device can give, or
    /// when a layer's values of one step (<paramref name="layerValues"/>: width × K × batch) exceed one launch.
    /// </summary>
    public static void Check(GpuCompute gpu, long bytes, int instances, long layerValues)
    {
        if (layerValues > int.MaxValue)
            throw new InvalidConfigurationException("training.k", instances, $"a layer of one step would hold "
                + $"{layerValues:N0} values (width × K × batch size), more than one GPU launch covers; lower "
                + "training.k or training.batch_size.");
        if (gpu.Accelerator.AcceleratorType == AcceleratorType.Cuda && bytes > Usable * gpu.Accelerator.MemorySize)
            throw TooSmall(gpu, bytes, instances, null);
    }

    /// <summary>The error for a run of <paramref name="bytes"/> that the device cannot hold.</summary>
    public static InvalidConfigurationException TooSmall(GpuCompute gpu, long bytes, int instances, Exception? cause)
    {
        string message = $"one training run needs about {bytes / (1 << 20):N0} MiB of GPU memory and "
            + $"{gpu.Accelerator.Name} has {gpu.Accelerator.MemorySize / (1 << 20):N0} MiB"
            + (cause == null ? "" : $" ({cause.Message})") + "; lower training.k or training.batch_size.";
        return new InvalidConfigurationException("training.k", instances, message);
    }
}
