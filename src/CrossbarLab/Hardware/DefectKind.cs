namespace CrossbarLab.Hardware;

/// <summary>What is wrong with one device. The names follow MTJ usage; <see cref="DefectKinds"/> gives the RRAM/PCM synonyms.</summary>
public enum DefectKind : byte
{
    /// <summary>A healthy device: it takes the state it is programmed to.</summary>
    None = 0,
    /// <summary>Shorted device (MTJ barrier breakdown; "stuck-ON" in RRAM/PCM): only the access transistor limits its current.</summary>
    Short = 1,
    /// <summary>Open device (broken contact; "stuck-OFF" or failed electroforming in RRAM): it passes no current.</summary>
    Open = 2,
    /// <summary>Stuck in the low-resistance state (MTJ parallel; RRAM stuck-at-LRS/SET) whatever is programmed.</summary>
    StuckParallel = 3,
    /// <summary>Stuck in the high-resistance state (MTJ antiparallel; RRAM stuck-at-HRS/RESET) whatever is programmed.</summary>
    StuckAntiparallel = 4,
}

/// <summary>Names of the defect kinds as users write them, and their synonyms.</summary>
public static class DefectKinds
{
    /// <summary>The kinds that are defects, in a fixed order.</summary>
    public static IReadOnlyList<DefectKind> All { get; } = [DefectKind.Short, DefectKind.Open, DefectKind.StuckParallel, DefectKind.StuckAntiparallel];

    /// <summary>The name used in files and on the command line.</summary>
    public static string Name(DefectKind kind) => kind switch
    {
        DefectKind.None => "healthy",
        DefectKind.Short => "short",
        DefectKind.Open => "open",
        DefectKind.StuckParallel => "stuck-parallel",
        DefectKind.StuckAntiparallel => "stuck-antiparallel",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses a name or synonym (stuck-on, stuck-off, stuck-lrs, stuck-hrs, stuck-p, stuck-ap).</summary>
    public static DefectKind Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "short" or "stuck-on" => DefectKind.Short,
        "open" or "stuck-off" => DefectKind.Open,
        "stuck-parallel" or "stuck-p" or "stuck-lrs" or "stuck-low" => DefectKind.StuckParallel,
        "stuck-antiparallel" or "stuck-ap" or "stuck-hrs" or "stuck-high" => DefectKind.StuckAntiparallel,
        _ => throw new InvalidConfigurationException($"unknown defect kind '{name}': use short, open, stuck-parallel or stuck-antiparallel (synonyms: stuck-on, stuck-off, stuck-lrs, stuck-hrs)."),
    };
}
