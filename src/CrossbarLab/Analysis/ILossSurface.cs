using CrossbarLab.Model;

namespace CrossbarLab.Analysis;

/// <summary>A loss over a network's weights, evaluated at points near a solution: what a loss landscape is drawn on.</summary>
public interface ILossSurface
{
    /// <summary>The solution, the landscape's origin: parameters per layer, inputs × outputs, row-major.</summary>
    float[][] Origin { get; }

    /// <summary>Outputs (neurons) of each layer: the columns per-neuron normalisation acts on.</summary>
    int[] Columns { get; }

    /// <summary>Loss and error at <paramref name="parameters"/> (the shape of <see cref="Origin"/>).</summary>
    LossAndError Evaluate(float[][] parameters);
}

/// <summary>Which weights a landscape perturbs.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(WeightSpaceJsonConverter))]
public enum WeightSpace
{
    /// <summary>The latent weights W; the network computes with sign(W), evaluated bit-packed. Scale-free: sign(cW) = sign(W).</summary>
    Latent,
    /// <summary>The effective weights the array applies, starting from sign(W) = ±1; evaluated with float products, as analog perturbations act.</summary>
    Effective,
}

/// <summary>Names of weight spaces on the command line and in JSON.</summary>
public static class WeightSpaces
{
    /// <summary>"latent" or "effective".</summary>
    public static string Name(this WeightSpace space) => space == WeightSpace.Effective ? "effective" : "latent";

    /// <summary>Parses a name of <see cref="Name"/>.</summary>
    public static WeightSpace Parse(string name) => name switch
    {
        "latent" => WeightSpace.Latent,
        "effective" => WeightSpace.Effective,
        _ => throw new InvalidConfigurationException($"unknown weight space '{name}': choose latent or effective."),
    };
}

/// <summary>Writes a <see cref="WeightSpace"/> as its name in JSON.</summary>
public sealed class WeightSpaceJsonConverter() : System.Text.Json.Serialization.JsonStringEnumConverter<WeightSpace>(System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
