namespace CrossbarLab.Cli;

/// <summary>Runs a command's body with the CLI's exit-code contract: 0 success, 1 user error (one line on stderr), 2 internal error.</summary>
internal static class CommandRunner
{
    /// <summary>Runs <paramref name="body"/>; a setting error is reported with the flag of <paramref name="options"/> that sets it.</summary>
    public static int Run(Func<int> body, ConfigOptions? options = null)
    {
        Notices.Drop();
        try
        {
            int code = body();
            Notices.Flush();
            return code;
        }
        catch (InvalidConfigurationException e)
        {
            string message = options?.Describe(e) ?? (e.Setting == IO.RunDirectory.OutDir ? ConfigOptions.OutDir(e) : e.Message);
            return UserError(message);
        }
        catch (CrossbarLabException e)
        {
            return UserError(e.Message);
        }
        catch (OperationCanceledException)
        {
            Notices.Drop();
            Console.Error.WriteLine("cancelled.");
            return 1;
        }
        // The readers turn these into messages of their own; any that still escape come from the user's files and
        // folders (a path that vanished, permissions changed under a run), not from a bug, so they are user errors too.
        catch (UnauthorizedAccessException e)
        {
            return UserError($"permission denied: {e.Message}");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or PathTooLongException)
        {
            return UserError(e.Message);
        }
        catch (Exception e)
        {
            Notices.Drop();
            Console.Error.WriteLine($"internal error: {OneLine(e.Message)}");
            if (Environment.GetEnvironmentVariable("CROSSBARLAB_DEBUG") == "1") Console.Error.WriteLine(e);
            else Console.Error.WriteLine("(set CROSSBARLAB_DEBUG=1 for the stack trace, and please report it)");
            return 2;
        }
    }

    /// <summary>Prints "error: MESSAGE" as one line on stderr and returns exit code 1.</summary>
    public static int UserError(string message)
    {
        Notices.Drop();
        Console.Error.WriteLine($"error: {OneLine(message)}");
        return 1;
    }

    /// <summary>A message on one line, its control characters (from file contents) shown as '?'.</summary>
    private static string OneLine(string message) =>
        ConsoleText.Plain(message.ReplaceLineEndings(" ").Trim());
}
