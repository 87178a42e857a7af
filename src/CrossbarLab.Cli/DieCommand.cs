using System.CommandLine;
using CrossbarLab.Hardware;
using CrossbarLab.Interop;
using CrossbarLab.IO;
using CrossbarLab.Reporting;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar die show|import|export</c>: look at a die, import a measured one, export a resistance map.</summary>
internal static class DieCommand
{
    public static Command Create() => new("die", "Inspect, import and export dies.") { Show(), Import(), Export() };

    private static Command Show()
    {
        var file = new Argument<string>("file") { Description = "Die file (.json)." };
        var (output, force) = (Flags.Out("Folder for the defect-map PNG (default: the die file's folder)."), Flags.Force());
        var command = new Command("show", "Print a die's device parameters and defect counts, and draw its defect map as a PNG.") { file, output, force };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string path = parse.GetValue(file)!;
            var die = DieFile.Load(path);
            Console.WriteLine($"{die.Name} ({ConsoleText.Plain(die.Provenance)})");
            Console.WriteLine($"array: {die.Geometry}");
            Console.WriteLine($"device: {die.Device}");
            var (plus, minus) = DefectEffects.SingleShort(die.Device);
            Console.WriteLine($"a single short moves its weight to {plus:+0.00;-0.00} (programmed +1) or {minus:+0.00;-0.00} (programmed −1); in the negative device, the same negated");
            foreach (var kind in DefectKinds.All) Console.WriteLine($"  {DefectKinds.Name(kind),-19} {die.Defects.Count(kind),6}");
            Console.WriteLine($"  {"failed row lines",-19} {die.Defects.FailedRowLines.Count,6}");
            Console.WriteLine($"  {"failed column lines",-19} {die.Defects.FailedColumnLines.Count,6}");
            Console.WriteLine($"defective devices: {die.Defects.DefectiveDevices} of {die.Geometry.DeviceCount} ({100 * die.Defects.DefectRate:F2} %)");
            string folder = Path.GetFullPath(parse.GetValue(output) ?? Path.GetDirectoryName(Path.GetFullPath(path))!);
            if (OutputPath.FolderProblem(folder) is string problem)
                throw new OutputException(
                    $"{folder} is {problem}, not a folder: give a folder for the defect map with --out.");
            // The die's name was checked on load (a safe file name), so the map stays in the folder.
            string png = Path.Combine(folder, $"{die.Name}-map.png");
            byte[] map = DiePlots.DefectMapPng(die);
            // A map already drawn from this die is left as it is: showing a die twice is not overwriting anything.
            OutputPath.CheckFile(png);
            bool upToDate = File.Exists(png) && new FileInfo(png).Length == map.Length
                && File.ReadAllBytes(png).AsSpan().SequenceEqual(map);
            if (!upToDate)
            {
                RefuseOverwrite(png, parse.GetValue(force));
                AtomicFile.WriteAllBytes(png, map);
            }
            Console.WriteLine($"defect map: {ConsoleText.Plain(png)}{(upToDate ? " (already up to date)" : "")}");
            return 0;
        }));
        return command;
    }

    private static Command Import()
    {
        var csv = new Argument<string>("map")
        {
            Description = "Resistance map: CSV 'row,column,low_state_ohms,high_state_ohms', 'row,column,resistance_ohms', or a matrix; "
                + ".npy [tiles, rows, columns]; .npz (resistance_ohms, or low_state_ohms and high_state_ohms, or one array per tile, "
                + "or a die from die export --format npz).",
        };
        var output = new Option<string>("--out") { Description = "Die file to write (.json).", Required = true };
        var force = Flags.Force();
        var shortBelow = new Option<double?>("--short-below") { Description = "Readings below this (ohms) are shorts (default: sqrt(R_short·R_low))." };
        var boundary = new Option<double?>("--state-boundary") { Description = "Boundary between the low and high states, ohms (default: sqrt(R_low·R_high))." };
        var openAbove = new Option<double?>("--open-above") { Description = "Readings at or above this (ohms) are opens (default: 100·R_high)." };
        var hardware = new HardwareOptions();
        var command = new Command("import", "Classify a measured resistance map (CSV or NumPy) into a die file.")
        {
            csv, output, force, shortBelow, boundary, openAbove,
        };
        hardware.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var device = hardware.DeviceModel(parse);
            var defaults = ClassificationThresholds.For(device);
            var thresholds = new ClassificationThresholds(parse.GetValue(shortBelow) ?? defaults.ShortBelowOhms,
                parse.GetValue(boundary) ?? defaults.StateBoundaryOhms, parse.GetValue(openAbove) ?? defaults.OpenAboveOhms);
            string target = parse.GetValue(output)!;
            RefuseOverwrite(target, parse.GetValue(force));
            string map = parse.GetValue(csv)!;
            string extension = Path.GetExtension(map).ToLowerInvariant();
            var die = extension is ".npy" or ".npz"
                ? DieArrays.Read(map, device, thresholds, parse.GetValue(hardware.AdcBits), hardware.GivenGeometry(parse))
                : ResistanceMap.Import(map, hardware.Geometry(parse), device, thresholds);
            DieFile.Save(die, target);
            Console.WriteLine($"thresholds: short < {thresholds.ShortBelowOhms:N0} Ω, low state < {thresholds.StateBoundaryOhms:N0} Ω, open ≥ {thresholds.OpenAboveOhms:N0} Ω");
            Console.WriteLine($"{ConsoleText.Plain(die.ToString())}; wrote {ConsoleText.Plain(Path.GetFullPath(target))}");
            return 0;
        }));
        return command;
    }

    private static Command Export()
    {
        var file = new Argument<string>("file") { Description = "Die file (.json)." };
        var output = new Option<string>("--out") { Description = "File to write (.csv or .npz).", Required = true };
        var format = new Option<string?>("--format")
        {
            Description = "csv: the write-verify resistance map a measurement would give; npz: the die as NumPy arrays "
                + "(defect codes, resistances, failed lines). Default: from --out's extension (.csv or .npz).",
        };
        format.AcceptOnlyFromAmong("csv", "npz");
        var force = Flags.Force();
        var command = new Command("export", "Write a die as a resistance map (CSV) or as NumPy arrays (.npz).") { file, output, format, force };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string target = parse.GetValue(output)!;
            string chosen = FormatOf(parse.GetValue(format), target, "csv", "npz");
            RefuseOverwrite(target, parse.GetValue(force));
            var die = DieFile.Load(parse.GetValue(file)!);
            if (chosen == "npz")
                DieArrays.ToNpz(die).Save(target);
            else
                ResistanceMap.Export(die, target);
            string written = ConsoleText.Plain(Path.GetFullPath(target));
            Console.WriteLine($"wrote {die.Geometry.DeviceCount} devices of {die.Name} to {written}");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The format given, else the one <paramref name="target"/>'s extension names; a file name that names neither of
    /// <paramref name="first"/> and <paramref name="second"/> is refused rather than guessed.
    /// </summary>
    internal static string FormatOf(string? given, string target, string first, string second)
    {
        if (given != null)
            return given;
        string extension = Path.GetExtension(target).ToLowerInvariant().TrimStart('.');
        if (extension == first || extension == second)
            return extension;
        throw new CrossbarLabException($"--out {target}: give --format {first} or {second} (or end the file name in "
            + $".{first} or .{second}).");
    }

    /// <summary>
    /// Checked before any work: the output must be a regular file or a new path (never a link, pipe, device or folder,
    /// even with --force), and an existing file is replaced only with --force.
    /// </summary>
    internal static void RefuseOverwrite(string path, bool force)
    {
        OutputPath.CheckFile(path);
        if (File.Exists(path) && !force)
            throw new OutputException($"{Path.GetFullPath(path)} already exists; pass --force to overwrite it.");
    }
}
