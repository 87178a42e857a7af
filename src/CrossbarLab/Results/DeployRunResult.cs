using System.Text.Json.Nodes;

namespace CrossbarLab.Results;

/// <summary>What <c>crossbar deploy</c> measured: one shared solution deployed to one die.</summary>
/// <param name="Die">The die's name.</param>
/// <param name="Method">The steps, e.g. "placement+calibration".</param>
/// <param name="OnDie">"all" or "first".</param>
/// <param name="Level">The evaluation level.</param>
/// <param name="IdealTestError">The solution's test error without defects.</param>
/// <param name="TestError">The deployment's test error on the die.</param>
/// <param name="Seconds">Wall-clock seconds of the steps.</param>
/// <param name="HardwareAwareSeconds">Seconds of hardware-aware training from scratch on the same die (estimated).</param>
/// <param name="NeedsMap">Whether a step needed the defect map.</param>
/// <param name="Trains">What the steps trained.</param>
public sealed record DeployRunResult(string Die, string Method, string OnDie, string Level, double IdealTestError, double TestError,
    double Seconds, double HardwareAwareSeconds, bool NeedsMap, string Trains)
{
    /// <summary>results.json of <c>crossbar deploy</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["command"] = "deploy",
        ["die"] = Die,
        ["method"] = Method,
        ["on_die"] = OnDie,
        ["level"] = Level,
        ["ideal_test_error"] = IdealTestError,
        ["test_error"] = TestError,
    };

    /// <summary>timing.json: the step's cost, which varies from run to run (kept out of results.json).</summary>
    public JsonObject TimingJson() => new()
    {
        ["seconds"] = Seconds,
        ["hardware_aware_seconds"] = HardwareAwareSeconds,
        ["fraction_of_hardware_aware_time"] = HardwareAwareSeconds > 0 ? Seconds / HardwareAwareSeconds : null,
        ["needs_map"] = NeedsMap,
        ["trains"] = Trains,
    };
}
