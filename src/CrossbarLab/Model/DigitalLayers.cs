namespace CrossbarLab.Model;

/// <summary>The weights of layers computed digitally (off the die, with first-layer placement).</summary>
public enum DigitalLayers
{
    /// <summary>±1 weights, as on the die (default).</summary>
    Binary,
    /// <summary>Real weights (the latent weights themselves, in [−1, 1]), which a digital layer can afford.</summary>
    Real,
}
