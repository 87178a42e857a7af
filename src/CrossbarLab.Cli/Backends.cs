using CrossbarLab.Compute;
using CrossbarLab.Experiments;
using CrossbarLab.Gpu;

namespace CrossbarLab.Cli;

/// <summary>
/// Creates the compute backend a configuration asks for: cpu; gpu (a CUDA device, else a one-line error); auto (a
/// CUDA device if ILGPU finds one, else the CPU), saying on stderr in one line what auto chose and why (a
/// <see cref="Notices"/> line, printed once the command shows progress or succeeds).
/// </summary>
/// <remarks>With <see cref="SimulatedGpuVariable"/> set to 1, gpu and auto fall back to ILGPU's CPU accelerator (a
/// simulated GPU, slow) instead: for testing the GPU path on a machine without one.</remarks>
internal static class Backends
{
    /// <summary>The environment variable that lets the GPU backend run on ILGPU's CPU accelerator.</summary>
    public const string SimulatedGpuVariable = "CROSSBARLAB_SIMULATED_GPU";

    /// <summary>Whether <see cref="SimulatedGpuVariable"/> asks for the simulated GPU.</summary>
    public static bool SimulatedGpuAllowed => Environment.GetEnvironmentVariable(SimulatedGpuVariable) == "1";

    /// <summary>
    /// The backend <paramref name="config"/> asks for; <paramref name="config"/> then records the one chosen (cpu or
    /// gpu), so a run's config.json says what computed it.
    /// </summary>
    public static ICompute Create(ref RunConfig config)
    {
        var compute = Create(config.Backend);
        config = config with { Backend = compute.Name };
        return compute;
    }

    /// <summary>The backend named <paramref name="name"/> (cpu, gpu, auto).</summary>
    public static ICompute Create(string name)
    {
        if (name == "cpu")
            return new CpuCompute();
        var gpu = GpuBackend.TryCreate(SimulatedGpuAllowed, out string description);
        if (gpu != null)
        {
            if (name == "auto")
                Notices.Add($"backend auto: GPU {description}");
            return gpu;
        }
        if (name == "gpu")
            throw new InvalidConfigurationException("backend", name,
                $"no usable GPU: {description}; use cpu or auto (CROSSBARLAB_SIMULATED_GPU=1 runs the GPU code on "
                + "ILGPU's CPU accelerator, slowly).");
        Notices.Add($"backend auto: {description}; computing on the CPU");
        return new CpuCompute();
    }
}
