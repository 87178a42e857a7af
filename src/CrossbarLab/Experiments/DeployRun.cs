using CrossbarLab.Compute;
using CrossbarLab.Deployment;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Results;

namespace CrossbarLab.Experiments;

/// <summary>
/// <c>crossbar deploy</c>: the model in <c>inputs.model</c> deployed to the die in <c>inputs.die</c> with the steps of the
/// <c>deployment</c> section; writes deployment.json (the programming file), results.json (its test error) and timing.json
/// (what the steps cost, against hardware-aware training on the same die).
/// </summary>
public sealed class DeployRun(RunConfig config, ICompute compute)
{
    /// <summary>Deploys and writes the outputs into <paramref name="output"/>.</summary>
    public DeployRunResult Execute(RunDirectory output)
    {
        config.Validate();
        string modelPath = config.Inputs.Model ?? throw new InvalidConfigurationException($"{InputFiles.Section}.model", null,
            "give the model file of the shared solution to deploy.");
        string diePath = config.Inputs.Die ?? throw new InvalidConfigurationException($"{InputFiles.Section}.die", null,
            "give the die file to deploy to (from crossbar fab or crossbar die import).");
        var model = Deployer.ForPlacement(ModelFile.Load(modelPath), config.Deployment.OnDie);
        var die = DieFile.Load(diePath);
        try { EffectiveWeights.Mapping(model.Spec, die.Geometry); }
        catch (InvalidConfigurationException e)
        {
            throw new InvalidConfigurationException($"the model {modelPath} does not fit the die {diePath}: {e.Message}");
        }
        var (train, test) = RunData.Load(model.Spec, config.Data);
        RunFolder.WriteConfig(output, config, resume: false);
        var steps = config.Deployment;
        var deployer = new Deployer(steps, train, config.Evaluation.CalibrationImages, config.Training, config.Seed, compute, config.Evaluation.Level);
        var deployed = deployer.Deploy(model, die);
        double error = deployer.Error(deployed, test);
        double reference = HardwareAwareCost.Estimate(model.Spec, config.Training, die, train, compute);
        string level = config.Evaluation.Level == Evaluation.EvaluationLevel.Circuit ? "circuit" : "effective-weights";
        var cost = new DeploymentCost(deployed.Seconds, reference, steps.NeedsMap, steps.Trains);
        DeploymentFile.Save(new DeploymentRecord(steps, die, deployed.Network, deployed.Placement, level, error, cost), output.FilePath("deployment.json"));
        var result = new DeployRunResult(die.Name, steps.MethodName, model.Spec.OnDie == OnDie.First ? "first" : "all", level,
            new PackedInference(model, compute).Error(test), error, deployed.Seconds, reference, steps.NeedsMap, steps.Trains);
        JsonConventions.Write(output.FilePath("results.json"), result.ToJson());
        JsonConventions.Write(output.FilePath("timing.json"), result.TimingJson());
        return result;
    }
}
