using CrossbarLab.Compute;

namespace CrossbarLab.Cli;

/// <summary>Creates the compute backend a configuration asks for.</summary>
internal static class Backends
{
    /// <summary>The backend named <paramref name="name"/> (cpu, gpu, auto). There is no GPU backend yet, so gpu is refused and auto is the CPU.</summary>
    public static ICompute Create(string name) => name switch
    {
        "cpu" or "auto" => new CpuCompute(),
        _ => throw new InvalidConfigurationException("backend", name, "the GPU backend is not available in this version; use cpu (or auto)."),
    };
}
