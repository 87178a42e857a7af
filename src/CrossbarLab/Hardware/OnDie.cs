namespace CrossbarLab.Hardware;

/// <summary>Which of a network's layers sit on the die; the others are computed digitally, exactly and without defects.</summary>
public enum OnDie
{
    /// <summary>Every layer on the die (the reference paper's two-layer network, and the default).</summary>
    All,
    /// <summary>Only the first layer on the die; the layers after it are computed digitally from the die's hidden outputs.</summary>
    First,
}
