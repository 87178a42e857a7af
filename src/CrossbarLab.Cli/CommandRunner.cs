namespace CrossbarLab.Cli;

/// <summary>Runs a command's body with the CLI's exit-code contract: 0 success, 1 user error (one line on stderr), 2 internal error.</summary>
internal static class CommandRunner
{
    /// <summary>Runs <paramref name="body"/>; a setting error is reported with the flag of <paramref name="options"/> that sets it.</summary>
    public static int Run(Func<int> body, ConfigOptions? options = null)
    {
        try
        {
            return body();
        }
        catch (InvalidConfigurationException e)
        {
            string message = options?.Describe(e) ?? (e.Setting == IO.RunDirectory.OutDir ? ConfigOptions.OutDir(e) : e.Message);
            Console.Error.WriteLine($"error: {message}");
            return 1;
        }
        catch (CrossbarLabException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled.");
            return 1;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("CROSSBARLAB_DEBUG") == "1") Console.Error.WriteLine(e);
            else Console.Error.WriteLine("(set CROSSBARLAB_DEBUG=1 for the stack trace, and please report it)");
            return 2;
        }
    }
}
