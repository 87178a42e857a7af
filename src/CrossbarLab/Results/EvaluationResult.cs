using System.Text.Json.Nodes;
using CrossbarLab.Evaluation;

namespace CrossbarLab.Results;

/// <summary>One die's error in an evaluation.</summary>
/// <param name="Die">The die's name.</param>
/// <param name="DefectRate">Its fraction of defective devices.</param>
/// <param name="TestError">The model's test error on it.</param>
public sealed record DieError(string Die, double DefectRate, double TestError);

/// <summary>What <c>crossbar eval</c> measured: the ideal test error and, if asked, the error on each die.</summary>
/// <param name="Model">Absolute path of the evaluated model file.</param>
/// <param name="Backend">Name of the compute backend.</param>
/// <param name="Seed">Seed of the circuit level's read noise.</param>
/// <param name="TestError">Test error with ideal weights.</param>
/// <param name="TestSamples">Test images evaluated.</param>
/// <param name="Level">How the dies were evaluated; null without dies.</param>
/// <param name="Calibrated">Whether each die's offsets were calibrated before its evaluation.</param>
/// <param name="Dies">Per-die errors, in the order the dies were given; empty without dies.</param>
public sealed record EvaluationResult(string Model, string Backend, ulong Seed, double TestError, int TestSamples,
    EvaluationLevel? Level, IReadOnlyList<DieError> Dies, bool Calibrated = false)
{
    /// <summary>Summary of the die errors with the gap to the ideal error.</summary>
    public ErrorSummary DieSummary => ErrorSummary.Of(Dies.Select(d => d.TestError).ToList(), TestError);

    /// <summary>results.json of <c>crossbar eval</c>.</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["command"] = "eval",
            ["model"] = Model,
            ["backend"] = Backend,
            ["seed"] = Seed,
            ["test_error"] = TestError,
            ["test_samples"] = TestSamples,
        };
        if (Level is EvaluationLevel level && Dies.Count > 0)
        {
            o["level"] = level == EvaluationLevel.Circuit ? "circuit" : "effective-weights";
            o["calibrated"] = Calibrated;
            o["die_errors"] = new JsonArray(Dies.Select(d => (JsonNode)new JsonObject
            {
                ["name"] = d.Die,
                ["test_error"] = d.TestError,
            }).ToArray());
            o["summary"] = DieSummary.ToJson();
        }
        return o;
    }
}
