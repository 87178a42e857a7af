using System.CommandLine;
using CrossbarLab.Experiments;
using Spectre.Console;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar import</c>: weights trained elsewhere (.npz or .onnx) as an ordinary model file.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var c = new ConfigOptions();
        c.Field(new Option<string?>("--weights")
        {
            Description = "Weights to import: an .npz (layer0_weights … or crossbar export's arrays) or an .onnx chain "
                + "of MatMul/Gemm, Add and a sign (or crossbar export's graph).",
        }, "inputs.weights", v => v == null ? null : Path.GetFullPath(v));
        c.Field(new Option<int?>("--image-size")
        {
            Description = "Downsampled image side in pixels, where the file does not say (default: the square root "
                + "of the first layer's inputs).",
        }, "import.image_size");
        c.Field(new Option<double?>("--threshold")
        {
            Description = "Binarisation threshold, fraction of full intensity in [0, 1], where the file does not say.",
        }, "import.threshold");
        c.Field(new Option<float?>("--output-scale")
        {
            Description = "Logit per unit of output column sum, where the file does not say (default 1).",
        }, "import.output_scale");
        Choice(c, "--encoding", "import.encoding", "Inputs and hidden neurons: plus-minus-one or zero-one, where the "
            + "file does not say (default plus-minus-one).", "plus-minus-one", "zero-one");
        Choice(c, "--on-die", "import.on_die", "Which layers sit on the die: all (default) or first.", "all", "first");
        Choice(c, "--digital-layers", "import.digital_layers", "Weights of the layers off the die: binary (default) "
            + "or real (they compute with the file's real weights).", "binary", "real");
        var a = RunConfig.Default.Array;
        c.Field(new Option<int?>("--tiles")
        {
            Description = $"Tiles of the die array the model must fit (default {a.Tiles}).",
        }, "array.tiles");
        c.Field(new Option<int?>("--tile-rows") { Description = $"Rows per tile (default {a.TileRows})." },
            "array.tile_rows");
        c.Field(new Option<int?>("--tile-columns") { Description = $"Columns per tile (default {a.TileColumns})." },
            "array.tile_columns");
        var output = c.Plain(Flags.Out("Folder for model.json, config.json and results.json."));
        var force = c.Plain(Flags.Force());
        Flags.Common(c);
        var command = new Command("import", "Bring in weights trained elsewhere (.npz or .onnx) as a model file that "
            + "eval, deploy and analyze use; report how each layer was read and the model's test error.");
        c.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var config = c.Build(parse, "import");
            var compute = Backends.Create(ref config);
            using var owned = compute as IDisposable;
            string path = parse.GetValue(output) ?? Path.Combine("runs", $"import-{DateTime.Now:yyyyMMdd-HHmmss}");
            using var dir = RunFolders.Open(path, parse.GetValue(force));
            var result = new ImportRun(config, compute).Execute(dir);
            var table = ConsoleText.Table("layer", "inputs × outputs", "read as", "scale");
            for (int l = 0; l < result.Layers.Count; l++)
            {
                var layer = result.Layers[l];
                table.Row($"{l}", $"{layer.Inputs} × {layer.Outputs}", layer.Source, $"{layer.Scale:G6}");
            }
            AnsiConsole.Write(table);
            foreach (string note in result.Notes)
                Console.WriteLine($"note: {ConsoleText.Plain(note)}");
            Console.WriteLine($"{result.Shape} model from {result.Format}: test error {100 * result.TestError:F2} % "
                + $"(ideal weights); wrote {ConsoleText.Plain(dir.FilePath("model.json"))}");
            return 0;
        }, c));
        return command;
    }

    private static void Choice(ConfigOptions c, string flag, string path, string description, params string[] values)
    {
        var option = new Option<string?>(flag) { Description = description };
        option.AcceptOnlyFromAmong(values);
        c.Field(option, path);
    }
}
