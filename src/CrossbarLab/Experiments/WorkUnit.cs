using CrossbarLab.Hardware;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>
/// One training of an experiment, the unit a shard runs: a stage of <see cref="StagedTraining"/> whose outputs
/// (models/NAME.json and its history) are its own files, so no two units ever write the same file.
/// </summary>
/// <param name="Name">The stage's name, made from the configuration alone (the same in every process): "software",
/// "hardware-aware-die-03", "statistics-aware-rate-0.005".</param>
/// <param name="Stage">What progress calls it; units that share a label are counted together ("one per die").</param>
/// <param name="Config">The configuration it trains in (a scenario's or a placement's variant of the run's).</param>
/// <param name="Options">Its training settings.</param>
/// <param name="Population">Statistics it draws defects from when statistics-aware (null: the configuration's).</param>
/// <param name="Die">The die it trains for when hardware-aware.</param>
internal sealed record WorkUnit(string Name, string Stage, RunConfig Config, TrainingOptions Options,
    DefectStatistics? Population = null, Die? Die = null)
{
    /// <summary>A unit in <paramref name="regime"/> with the configuration's other training settings.</summary>
    public static WorkUnit In(Regime regime, string name, string stage, RunConfig config,
        DefectStatistics? population = null,
        Die? die = null) => new(name, stage, config, config.Training with { Regime = regime }, population, die);
}
