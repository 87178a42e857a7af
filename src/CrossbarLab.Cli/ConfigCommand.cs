using System.CommandLine;
using CrossbarLab.Experiments;
using CrossbarLab.IO;

namespace CrossbarLab.Cli;

/// <summary><c>crossbar config show FILE</c> and <c>crossbar config schema</c>: what a configuration file says, and its schema.</summary>
internal static class ConfigCommand
{
    public static Command Create() => new("config", "Show a configuration file's effective settings, or print the JSON Schema of configurations.")
    {
        Show(), Schema(),
    };

    private static Command Show()
    {
        var file = new Argument<string>("file") { Description = "Configuration file (a run's config.json, or one you wrote)." };
        var command = new Command("show", "Print every setting FILE gives a run (defaults filled in), the ones that differ from the defaults first.") { file };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string path = parse.GetValue(file)!;
            var config = ConfigFile.Load(path);
            try
            {
                config.Validate();
            }
            catch (InvalidConfigurationException e)
            {
                // The file's settings are at fault, so name the file, as --config does.
                throw new InvalidDataFileException(path, e.Message, e);
            }
            var fields = ConfigView.Fields(config);
            var changed = fields.Where(f => f.Changed && f.Path is not ("command" or "crossbarlab_version")).ToList();
            Console.WriteLine(changed.Count == 0 ? "every setting has its default value" : "settings that differ from the defaults:");
            foreach (var f in changed) Console.WriteLine($"  {f.Path} = {f.Value}   (default {f.Default})");
            Console.WriteLine("other settings:");
            foreach (var f in fields.Skip(changed.Count)) Console.WriteLine($"  {f.Path} = {f.Value}");
            return 0;
        }));
        return command;
    }

    private static Command Schema()
    {
        var command = new Command("schema", "Print the JSON Schema of configuration files (for editors' completion and checking).");
        command.SetAction(_ => CommandRunner.Run(() =>
        {
            Console.WriteLine(ConfigSchema.Generate().ToJsonString(JsonConventions.Options));
            return 0;
        }));
        return command;
    }
}
