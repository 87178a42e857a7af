using System.CommandLine;
using System.Globalization;
using CrossbarLab.Compute;

namespace CrossbarLab.Cli;

/// <summary>The options every computing command shares (see the contracts in DESIGN.md).</summary>
internal static class CommonOptions
{
    public static Option<string?> Out(string description = "Output folder (refused if it exists and is not empty, unless --force).") =>
        new("--out") { Description = description };

    public static Option<bool> Force() => new("--force") { Description = "Overwrite the files of an existing output folder." };

    public static Option<ulong> Seed() => new("--seed") { Description = "Seed of every random draw of the run (recorded in its outputs).", DefaultValueFactory = _ => 1UL };

    public static Option<string> Backend()
    {
        var option = new Option<string>("--backend") { Description = "Compute backend: cpu, gpu or auto.", DefaultValueFactory = _ => "auto" };
        option.AcceptOnlyFromAmong("cpu", "gpu", "auto");
        return option;
    }

    public static Option<string?> Data() => new("--data") { Description = "Folder with the MNIST IDX files (default: data/mnist, or $CROSSBARLAB_DATA)." };

    /// <summary>Creates the chosen backend. The GPU backend does not exist yet, so "gpu" is refused and "auto" means the CPU.</summary>
    public static ICompute CreateBackend(string name) => name switch
    {
        "cpu" or "auto" => new CpuCompute(),
        _ => throw new CrossbarLabException("the GPU backend is not available in this version; use --backend cpu (or auto)."),
    };

    /// <summary>Numbers as a comma-separated option value (invariant culture).</summary>
    public static string List(IEnumerable<double> values) => string.Join(",", values.Select(v => v.ToString("G", CultureInfo.InvariantCulture)));

    /// <summary>Parses a comma-separated list of numbers, naming the option and an example when one is not a number.</summary>
    public static double[] Numbers(string text, string option, string example) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) ? x
                : throw new InvalidConfigurationException($"{option}: '{v}' is not a number (example: {option} {example}).")).ToArray();
}
