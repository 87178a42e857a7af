using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Reporting;
using CrossbarLab.Results;

namespace CrossbarLab.Experiments;

/// <summary>
/// One <c>crossbar fab</c> run: draws the configured population of dies (<c>experiment.dies</c> of them) and writes one die
/// file each, summary.json (and the same object as results.json) with every die's defects and the settings, and
/// defect-rates.png.
/// </summary>
public sealed class FabRun(RunConfig config)
{
    /// <summary>Checks every setting, including that the network (if any) fits the array; returns the network's placement.</summary>
    public DifferentialMapping? Validate()
    {
        config.Validate();
        return config.Network == null ? null : EffectiveWeights.Mapping(config.Network, config.Array);
    }

    /// <summary>Makes the dies and writes the outputs into <paramref name="output"/>; progress counts dies.</summary>
    /// <param name="writeConfig">Whether to write config.json (not for the population folder inside a larger run).</param>
    public FabSummary Execute(RunDirectory output, IProgress<int>? progress = null, bool writeConfig = true)
    {
        var mapping = Validate();
        if (writeConfig) RunFolder.WriteConfig(output, config, resume: false);
        var fab = new Fab(config.Population, config.Device, config.Array);
        var dies = new List<Die>();
        for (int i = 0; i < config.Experiment.Dies; i++)
        {
            var die = fab.MakeDie(i, config.DieSeed);
            DieFile.Save(die, output.FilePath(die.Name + ".json"));
            dies.Add(die);
            progress?.Report(i + 1);
        }
        var summary = new FabSummary(config.DieSeed, config.Population, config.Device, config.Array, config.Network?.Shape,
            mapping?.UsedDevices, dies);
        var json = summary.ToJson();
        JsonConventions.Write(output.FilePath("summary.json"), json);
        JsonConventions.Write(output.FilePath("results.json"), json.DeepClone());
        DiePlots.DefectRates(dies, output.FilePath("defect-rates.png"));
        return summary;
    }
}
