using CrossbarLab.Compute;
using CrossbarLab.Deployment;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Results;

namespace CrossbarLab.Experiments;

/// <summary>
/// <c>crossbar eval</c>: the test error of the model in <c>inputs.model</c> with ideal weights and, when <c>inputs.dies</c>
/// names a die file or a folder of die-*.json files, on every die at the configured evaluation level — after calibrating
/// its offsets on each die (the first <c>evaluation.calibration_images</c> training images) when <c>evaluation.calibrate</c>.
/// With <c>inputs.deployment</c> instead: the deployment file's programmed network, ideal and on the die it was made for,
/// the test images entering through its placed rows.
/// </summary>
public sealed class EvalRun(RunConfig config, ICompute compute)
{
    /// <summary>Evaluates; with <paramref name="output"/>, also writes config.json and results.json there.</summary>
    public EvaluationResult Execute(RunDirectory? output, IProgress<int>? progress = null)
    {
        config.Validate();
        if (config.Inputs.Deployment is string deploymentPath)
            return Deployed(deploymentPath, output);
        string modelPath = config.Inputs.Model ?? throw new InvalidConfigurationException($"{InputFiles.Section}.model", null,
            "give the model file to evaluate.");
        if (config.Evaluation.Calibrate && config.Inputs.Dies == null)
            throw new InvalidConfigurationException("evaluation.calibrate", true,
                "calibration fits offsets on each die: give the dies (inputs.dies) to calibrate on.");
        var network = ModelFile.Load(modelPath);
        var dies = config.Inputs.Dies is string path ? LoadDies(path) : [];
        var test = RunData.LoadTest(network.Spec, config.Data);
        if (output != null) RunFolder.WriteConfig(output, config, resume: false);
        double error = new PackedInference(network, compute).Error(test);
        var level = config.Evaluation.Level;
        var errors = config.Evaluation.Calibrate && dies.Count > 0
            ? new CalibratedEvaluator(compute, CalibrationSet(network), level, config.Seed).Errors(network, dies, test, progress)
            : new DieEvaluator(compute, level, config.Seed).Errors(network, dies, test, progress);
        var result = new EvaluationResult(Path.GetFullPath(modelPath), compute.Name, config.Seed, error, test.Count,
            dies.Count > 0 ? level : null, dies.Select((d, i) => new DieError(d.Name, d.Defects.DefectRate, errors[i])).ToList(),
            config.Evaluation.Calibrate);
        if (output != null) JsonConventions.Write(output.FilePath("results.json"), result.ToJson());
        return result;
    }

    /// <summary>A deployment file evaluated on its own die; a model or dies given as well are refused as ambiguous.</summary>
    private EvaluationResult Deployed(string path, RunDirectory? output)
    {
        if (config.Inputs.Model != null || config.Inputs.Dies != null)
            throw new InvalidConfigurationException($"{InputFiles.Section}.deployment", path,
                "a deployment file holds its network and die: give it without a model or dies.");
        if (config.Evaluation.Calibrate)
            throw new InvalidConfigurationException("evaluation.calibrate", "true",
                "a deployment is evaluated as it was programmed; calibrate when deploying instead.");
        var record = DeploymentFile.Load(path);
        var network = record.Network;
        var test = record.Placement.PhysicalInputs(RunData.LoadTest(network.Spec, config.Data));
        if (output != null) RunFolder.WriteConfig(output, config, resume: false);
        var mapping = EffectiveWeights.Mapping(network.Spec, record.Die.Geometry);
        var level = config.Evaluation.Level;
        double ideal = new PackedInference(network, compute).Error(test);
        double onDie = new DieEvaluator(compute, level, config.Seed).Error(network, record.Die, mapping, test);
        var result = new EvaluationResult(Path.GetFullPath(path), compute.Name, config.Seed, ideal, test.Count, level,
            [new DieError(record.Die.Name, record.Die.Defects.DefectRate, onDie)]);
        if (output != null) JsonConventions.Write(output.FilePath("results.json"), result.ToJson());
        return result;
    }

    /// <summary>The calibration images: the first N training images, preprocessed as the network expects (never test images).</summary>
    private Data.EncodedSet CalibrationSet(BinaryNetwork network) =>
        network.Spec.Preprocessing.Apply(Data.Mnist.LoadTrain(Data.Mnist.FindFolder(config.Data)).Take(config.Evaluation.CalibrationImages));

    /// <summary>One die file, or every die-*.json of a folder in name order.</summary>
    public static IReadOnlyList<Die> LoadDies(string path)
    {
        if (File.Exists(path)) return [DieFile.Load(path)];
        if (!Directory.Exists(path))
            throw new InvalidConfigurationException($"{InputFiles.Section}.dies", path, "no such die file or folder.");
        var files = Directory.GetFiles(path, "die-*.json").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
            throw new InvalidConfigurationException($"{InputFiles.Section}.dies", path,
                "holds no die files (die-*.json); make some with crossbar fab.");
        return files.Select(DieFile.Load).ToList();
    }
}
