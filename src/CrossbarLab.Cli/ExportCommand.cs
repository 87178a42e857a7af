using System.CommandLine;
using System.Globalization;
using CrossbarLab.Data;
using CrossbarLab.Deployment;
using CrossbarLab.Hardware;
using CrossbarLab.Interop;
using CrossbarLab.Model;

namespace CrossbarLab.Cli;

/// <summary>
/// <c>crossbar export</c>: a model, ideal or as one die (or one deployment) computes it, as an ONNX graph from raw
/// pixels to logits, or as NumPy arrays.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Model file (model.json of a run)." };
        var die = new Option<string?>("--die")
        {
            Description = "Export the effective weights this die realises (its defects, as eval --dies evaluates).",
        };
        var deployment = new Option<string?>("--deployment")
        {
            Description = "Export a deployment (deployment.json of crossbar deploy): its programmed network, placement "
                + "and calibration on its die. --model may then be left out.",
        };
        var format = new Option<string?>("--format") { Description = "onnx or npz (default: from --out's extension)." };
        format.AcceptOnlyFromAmong("onnx", "npz");
        var output = new Option<string>("--out") { Description = "File to write (.onnx or .npz).", Required = true };
        var force = Flags.Force();
        var command = new Command("export", "Write a model as an ONNX graph (raw MNIST pixels in, logits out, "
            + "preprocessing included) or as NumPy arrays (.npz), ideal or as one die computes it.")
        {
            model, die, deployment, format, output, force,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string target = parse.GetValue(output)!;
            string kind = DieCommand.FormatOf(parse.GetValue(format), target, "onnx", "npz");
            DieCommand.RefuseOverwrite(target, parse.GetValue(force));
            var export = Prepare(parse.GetValue(model), parse.GetValue(die), parse.GetValue(deployment));
            if (kind == "onnx")
                OnnxGraphBuilder.Save(target, export.ToOnnx());
            else
                export.ToNpz().Save(target);
            string weights = export.DieName is string name ? $"effective weights on {name}" : "ideal weights";
            Console.WriteLine($"wrote {ConsoleText.Plain(Path.GetFullPath(target))}: {kind} of the "
                + $"{export.Network.Spec.Shape} network, {ConsoleText.Plain(weights)}, model checksum "
                + $"{export.ModelChecksum[..12]}…");
            return 0;
        }));
        return command;
    }

    private static ModelExport Prepare(string? modelPath, string? diePath, string? deploymentPath)
    {
        if (diePath != null && deploymentPath != null)
            throw new CrossbarLabException("give --die or --deployment, not both: a deployment file holds its die.");
        if (deploymentPath != null)
        {
            var record = DeploymentFile.Load(deploymentPath);
            if (modelPath != null)
                CheckSameNetwork(ModelFile.Load(modelPath), record, modelPath, deploymentPath);
            if (record.Level != "effective-weights")
                Console.Error.WriteLine($"note: the deployment was evaluated at the {ConsoleText.Plain(record.Level)} "
                    + "level; the export computes at the effective-weight level (eval's default).");
            return ModelExport.Deployed(record);
        }
        var network = ModelFile.Load(modelPath ?? throw new CrossbarLabException(
            "give the model to export with --model (or a deployment with --deployment)."));
        return diePath == null ? ModelExport.Ideal(network) : ModelExport.OnDieOf(network, DieFile.Load(diePath));
    }

    /// <summary>
    /// A deployment made from another network (another shape or preprocessing) is refused. The deployment's own network
    /// (placed, calibrated, fine-tuned) is what is exported; the model can only be checked against its shape and
    /// preprocessing, since the deployment file does not record which model file it started from.
    /// </summary>
    private static void CheckSameNetwork(BinaryNetwork model, DeploymentRecord record, string modelPath,
        string deploymentPath)
    {
        var a = model.Spec;
        var b = record.Network.Spec;
        if (a.Shape != b.Shape || a.Preprocessing != b.Preprocessing)
            throw new CrossbarLabException($"{deploymentPath} deploys a {Describe(b)} network, but {modelPath} is a "
                + $"{Describe(a)} one.");
    }

    private static string Describe(NetworkSpec spec)
    {
        var pre = spec.Preprocessing;
        string threshold = pre.Threshold.ToString(CultureInfo.InvariantCulture);
        return $"{spec.Shape} ({pre.Size}×{pre.Size} inputs at threshold {threshold}, {pre.Encoding.Symbol()} encoding)";
    }
}
