using CrossbarLab.Data;
using CrossbarLab.Devices;
using CrossbarLab.Hardware;

namespace CrossbarLab.Experiments;

/// <summary>Which population a scenario draws its dies from.</summary>
public enum ScenarioPopulation
{
    /// <summary>The reference population (about 1 % defective devices).</summary>
    Reference,
    /// <summary>The reference mix scaled to 0.1 % defective devices: about 20 defective devices among the 19,800 a die network uses.</summary>
    FewDefects,
}

/// <summary>
/// One point of the scenario grid: what sits on the die, how inputs are applied, how strong a short is, and how many
/// defects a die has — the unknowns of the reference paper's hardware that decide whether statistics-aware training works.
/// </summary>
/// <param name="OnDie">Every layer on the die, or the first only (the output layer then runs digitally).</param>
/// <param name="Encoding">±1 inputs, or 0/1 inputs with digital offsets.</param>
/// <param name="Short">Short strength (<see cref="ShortStrength"/>).</param>
/// <param name="Population">Reference population or few defects.</param>
public sealed record Scenario(OnDie OnDie, InputEncoding Encoding, ShortStrength Short, ScenarioPopulation Population)
{
    /// <summary>The mean defect rate of the few-defects population (fraction of devices).</summary>
    public const double FewDefectsRate = 0.001;

    /// <summary>
    /// The grid, fixed before any result: {all layers, first layer} × {±1, 0/1 with offsets} × {weak, device, strong} ×
    /// {reference, few defects} = 24 scenarios, in this order.
    /// </summary>
    public static IReadOnlyList<Scenario> Grid { get; } =
    [
        .. from onDie in new[] { OnDie.All, OnDie.First }
           from encoding in new[] { InputEncoding.PlusMinusOne, InputEncoding.ZeroOne }
           from strength in new[] { ShortStrength.Weak, ShortStrength.Device, ShortStrength.Strong }
           from population in new[] { ScenarioPopulation.Reference, ScenarioPopulation.FewDefects }
           select new Scenario(onDie, encoding, strength, population),
    ];

    /// <summary>The switch values as results name them.</summary>
    public string OnDieName => OnDie == OnDie.First ? "first" : "all";

    /// <summary>"plus-minus-one" or "zero-one".</summary>
    public string EncodingName => Encoding == InputEncoding.ZeroOne ? "zero-one" : "plus-minus-one";

    /// <summary>"reference" or "few-defects".</summary>
    public string PopulationName => Population == ScenarioPopulation.FewDefects ? "few-defects" : "reference";

    /// <summary>A short unique name, also the stem of the scenario's stage names ("all-pm1-device-reference").</summary>
    public string Key => $"{OnDieName}-{(Encoding == InputEncoding.ZeroOne ? "01" : "pm1")}-{Short.Name()}-{PopulationName}";

    /// <summary>The key of the network this scenario trains (its software solution is shared by every short and population).</summary>
    public string NetworkKey => $"{OnDieName}-{(Encoding == InputEncoding.ZeroOne ? "01" : "pm1")}";

    /// <summary>The run's configuration with this scenario's switches (0/1 inputs take the encoding's default offsets: on).</summary>
    public RunConfig Apply(RunConfig config) => config with
    {
        Network = config.Net with { OnDie = OnDie, Encoding = Encoding, Offsets = null },
        Device = config.Device.With(Short),
        Population = Population == ScenarioPopulation.FewDefects ? config.Population.AtPointRate(FewDefectsRate) : config.Population,
    };
}
