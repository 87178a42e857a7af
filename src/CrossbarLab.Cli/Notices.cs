namespace CrossbarLab.Cli;

/// <summary>
/// Lines for stderr that say how a command runs (which backend auto chose), held back until the command starts to show
/// progress or succeeds: a command refused for bad input then still prints its one error line and nothing else.
/// </summary>
internal static class Notices
{
    private static readonly List<string> s_pending = [];

    /// <summary>Holds <paramref name="line"/> for the next <see cref="Flush"/>.</summary>
    public static void Add(string line)
    {
        lock (s_pending)
            s_pending.Add(line);
    }

    /// <summary>Prints the held lines on stderr, once.</summary>
    public static void Flush()
    {
        lock (s_pending)
        {
            foreach (string line in s_pending)
                Console.Error.WriteLine(ConsoleText.Plain(line));
            s_pending.Clear();
        }
    }

    /// <summary>Forgets the held lines (the command failed, and its error line says what matters).</summary>
    public static void Drop()
    {
        lock (s_pending)
            s_pending.Clear();
    }
}
