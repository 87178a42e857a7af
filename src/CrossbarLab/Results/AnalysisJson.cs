using System.Text.Json.Nodes;
using CrossbarLab.Analysis;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Results;

/// <summary>JSON of sensitivity curves and landscapes, as <c>crossbar analyze</c> and <c>crossbar reproduce</c> write them.</summary>
public static class AnalysisJson
{
    /// <summary>The points of a curve: a list of rate, mean_error, ci_low, ci_high, trials (the reproduce contract's `sensitivity`).</summary>
    public static JsonArray Points(SensitivityCurve curve) => new(curve.Points.Select(p => (JsonNode)new JsonObject
    {
        ["rate"] = p.Rate, ["mean_error"] = p.Error.Value, ["ci_low"] = p.Error.Low, ["ci_high"] = p.Error.High, ["trials"] = p.Trials,
    }).ToArray());

    /// <summary>One curve with its model, kind and unperturbed error.</summary>
    public static JsonObject Curve(SensitivityCurve curve) => new()
    {
        ["model"] = curve.Model, ["kind"] = curve.Kind.Name(), ["unperturbed_error"] = curve.UnperturbedError, ["points"] = Points(curve),
    };

    /// <summary>The sharpness numbers, each with its 95 % interval.</summary>
    public static JsonObject Sharpness(SharpnessResult s) => new()
    {
        ["radius"] = s.Radius, ["directions"] = s.Directions,
        ["loss_increase"] = s.LossIncrease.Value, ["loss_increase_ci"] = Interval(s.LossIncrease),
        ["error_increase"] = s.ErrorIncrease.Value, ["error_increase_ci"] = Interval(s.ErrorIncrease),
        ["curvature"] = s.Curvature.Value, ["curvature_ci"] = Interval(s.Curvature),
    };

    /// <summary>One model's landscape: loss and error at the solution, the sharpness, the 1-D curve and (if computed) the 2-D grid.</summary>
    public static JsonObject Landscape(LandscapeResult r)
    {
        var o = new JsonObject
        {
            ["model"] = r.Model,
            ["loss_at_solution"] = r.AtSolution.Loss, ["error_at_solution"] = r.AtSolution.Error,
            ["sharpness"] = Sharpness(r.Sharpness),
            ["line"] = new JsonObject { ["steps"] = Array(r.Steps), ["loss"] = Array(r.Line.Select(p => p.Loss)), ["error"] = Array(r.Line.Select(p => p.Error)) },
        };
        if (r.Plane is { } plane)
            o["plane"] = new JsonObject { ["steps"] = Array(r.Steps), ["loss"] = Grid(plane, p => p.Loss), ["error"] = Grid(plane, p => p.Error) };
        return o;
    }

    private static JsonArray Interval(Estimate e) => new(e.Low, e.High);

    private static JsonArray Array(IEnumerable<double> values) => new(values.Select(v => (JsonNode)v).ToArray());

    /// <summary>Rows of β (outer), columns of α.</summary>
    private static JsonArray Grid(LossAndError[,] plane, Func<LossAndError, double> value) =>
        new(Enumerable.Range(0, plane.GetLength(0)).Select(b => (JsonNode)Array(Enumerable.Range(0, plane.GetLength(1)).Select(a => value(plane[b, a])))).ToArray());
}
