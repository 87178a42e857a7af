using System.Text.Json.Nodes;
using CrossbarLab.IO;

namespace CrossbarLab.Results;

/// <summary>One measured figure: <paramref name="Throughput"/> in <paramref name="Unit"/>, with the defect instances per step <paramref name="K"/>.</summary>
/// <param name="Name">Row name, e.g. "train.statistics-aware".</param>
/// <param name="K">Defect instances per step (1 for rows without defects).</param>
/// <param name="Throughput">The figure in <paramref name="Unit"/>: items per second, or seconds for a timed
/// reproduction.</param>
/// <param name="Unit">What an item is.</param>
/// <param name="EpochSeconds">For training rows, the time an epoch of 60,000 samples (on K instances each) takes at the measured rate.</param>
/// <param name="FlopsPerItem">The arithmetic one item (sample, or sample × instance) needs, in floating-point operations (a ±1
/// multiply-add counts as two, like a float one).</param>
/// <param name="FractionOfSgemm">Throughput × FlopsPerItem as a fraction of the SGEMM rate measured on the same backend
/// (its <c>gemm.sgemm.512</c> row): how close the row's step comes to the backend's dense-product speed.</param>
/// <param name="Backend">The backend that ran the row: cpu or gpu.</param>
public sealed record BenchmarkRow(string Name, int K, double Throughput, string Unit, double? EpochSeconds = null,
    double? FlopsPerItem = null, double? FractionOfSgemm = null, string Backend = "cpu");

/// <summary>What <c>crossbar bench</c> measured on one machine.</summary>
/// <param name="Machine">The machine, in words.</param>
/// <param name="Backend">The backends measured: cpu, gpu, or cpu+gpu (each row names its own).</param>
/// <param name="Network">Shape of the benchmarked network.</param>
/// <param name="Batch">Minibatch size of the training rows.</param>
/// <param name="DefectRate">Mean fraction of defective devices of the statistics-aware rows.</param>
/// <param name="Rows">The figures, in the order measured.</param>
/// <param name="GpuDevice">The GPU the gpu rows ran on, in words (null without gpu rows).</param>
public sealed record BenchmarkReport(string Machine, string Backend, string Network, int Batch, double DefectRate,
    IReadOnlyList<BenchmarkRow> Rows, string? GpuDevice = null)
{
    /// <summary>The contract's JSON: machine, backend and results (name, k, throughput, unit, backend), plus the
    /// settings and the GPU.</summary>
    public JsonObject ToJson() => new()
    {
        ["machine"] = Machine,
        ["backend"] = Backend,
        ["gpu_device"] = GpuDevice,
        ["network"] = Network,
        ["batch"] = Batch,
        ["defect_rate"] = DefectRate,
        ["results"] = JsonConventions.ToNode(Rows),
    };
}
