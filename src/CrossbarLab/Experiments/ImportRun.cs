using CrossbarLab.Compute;
using CrossbarLab.Interop;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Results;

namespace CrossbarLab.Experiments;

/// <summary>
/// <c>crossbar import</c>: the weights in <c>inputs.weights</c> (.npz or .onnx) brought in as an ordinary model
/// (<see cref="WeightsImport"/>), completed by the <c>import</c> section where the file says nothing and checked to fit
/// the <c>array</c>; writes config.json, model.json and results.json (how each layer was read, the notes, the model's
/// test error with ideal weights).
/// </summary>
public sealed class ImportRun(RunConfig config, ICompute compute)
{
    /// <summary>Imports and writes the outputs into <paramref name="output"/>.</summary>
    public ImportResult Execute(RunDirectory output)
    {
        config.Validate();
        string path = config.Inputs.Weights ?? throw new InvalidConfigurationException($"{InputFiles.Section}.weights",
            null, "give the weights file to import (.npz or .onnx).");
        var imported = WeightsImport.Import(path, config.Import, config.Array);
        var test = RunData.LoadTest(imported.Network.Spec, config.Data);
        // The network comes from the file, so the config records none (the import section says what was given).
        RunFolder.WriteConfig(output, config with { Network = null }, resume: false);
        ModelFile.Save(imported.Network, output.FilePath("model.json"));
        double error = new PackedInference(imported.Network, compute).Error(test);
        var result = new ImportResult(Path.GetFullPath(path), imported.Format, imported.Network.Spec.Shape,
            imported.Layers, imported.Notes, error, test.Count);
        JsonConventions.Write(output.FilePath("results.json"), result.ToJson());
        return result;
    }
}
