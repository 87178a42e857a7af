using System.Text.Json.Nodes;
using CrossbarLab.Hardware;
using CrossbarLab.Training;

namespace CrossbarLab.Results;

/// <summary>The settings a reproduction report describes in its opening paragraph, and the whole configuration as text.</summary>
/// <param name="Device">Device model name.</param>
/// <param name="Array">The array, in words.</param>
/// <param name="Network">Network shape, e.g. "100-90-10".</param>
/// <param name="Epochs">Epochs of every training.</param>
/// <param name="K">Defect instances per step of statistics-aware training.</param>
/// <param name="Saturation">Training saturation of single shorts; null for the device-derived value.</param>
/// <param name="ConfigurationJson">The run's config.json.</param>
public sealed record RunDescription(string Device, string Array, string Network, int Epochs, int K, double? Saturation,
    string ConfigurationJson);

/// <summary>What a reproduction measured: the baseline, the three methods on every die, the transfer matrix, the analysis.</summary>
/// <param name="Seed">The run's seed.</param>
/// <param name="BaselineTestError">Ideal test error of the software solution.</param>
/// <param name="Software">Test error of the software solution on each die.</param>
/// <param name="HardwareAware">Test error of each die's hardware-aware solution on its own die.</param>
/// <param name="StatisticsAware">Test error of the statistics-aware solution on each die.</param>
/// <param name="TransferMatrix">Row i: the hardware-aware solution of die i on every die.</param>
/// <param name="Dies">The population.</param>
/// <param name="Histories">Training history of every stage, by name.</param>
/// <param name="Analysis">The analysis stage; null if not run.</param>
/// <param name="Description">What the report says of the run's settings.</param>
/// <param name="Deployment">The deployment stage; null if not run.</param>
public sealed record ReproductionResult(ulong Seed, double BaselineTestError, double[] Software, double[] HardwareAware,
    double[] StatisticsAware, double[][] TransferMatrix, IReadOnlyList<Die> Dies,
    IReadOnlyDictionary<string, IReadOnlyList<EpochRecord>> Histories, ReproductionAnalysisResult? Analysis,
    RunDescription Description, DeploymentTable? Deployment = null)
{
    /// <summary>Software weights with offsets calibrated per die (every layer on the die), or null without the deployment stage.</summary>
    public double[]? SoftwareCalibrated => Row("software+calibration");

    /// <summary>The statistics-aware solution with offsets calibrated per die, or null.</summary>
    public double[]? StatisticsAwareCalibrated => Row("statistics-aware+calibration");

    private double[]? Row(string method) => Deployment?.Rows.FirstOrDefault(r => r.OnDie == "all" && r.Method == method)?.DieErrors;

    /// <summary>The methods' die errors with their results.json key and their label in tables and figures.</summary>
    public IReadOnlyList<(string Key, string Label, double[] Errors)> Methods =>
    [
        ("software", "software", Software),
        ("hardware_aware", "hardware-aware (own die)", HardwareAware),
        ("statistics_aware", "statistics-aware", StatisticsAware),
        .. SoftwareCalibrated is { } sc ? [("software_calibrated", "software + calibration", sc)] : Array.Empty<(string, string, double[])>(),
        .. StatisticsAwareCalibrated is { } sac
            ? [("statistics_aware_calibrated", "statistics-aware + calibration", sac)] : Array.Empty<(string, string, double[])>(),
    ];

    /// <summary>The paper's two claims for the calibrated statistics-aware solution (against plain software weights), or null.</summary>
    public StatisticsAwareClaims? CalibratedClaims => StatisticsAwareCalibrated is { } e
        ? StatisticsAwareClaims.Of(Summary(Software), Summary(e), BaselineTestError) : null;

    /// <summary>Summary of a method's die errors, with its gap to the baseline.</summary>
    public ErrorSummary Summary(double[] errors) => ErrorSummary.Of(errors, BaselineTestError);

    /// <summary>The paper's two claims about the statistics-aware solution.</summary>
    public StatisticsAwareClaims Claims => StatisticsAwareClaims.Of(Summary(Software), Summary(StatisticsAware), BaselineTestError);

    /// <summary>Mean error of the hardware-aware solutions on the dies they were not trained for (NaN for one die).</summary>
    public double HardwareAwareOnOtherDies
    {
        get
        {
            int n = Dies.Count;
            if (n < 2) return double.NaN;
            return Enumerable.Range(0, n)
                .SelectMany(i => Enumerable.Range(0, n).Where(j => j != i).Select(j => TransferMatrix[i][j]))
                .Average();
        }
    }

    /// <summary>Whether each die's hardware-aware solution is, on average, within the paper's gap of the baseline on its own die.</summary>
    public bool HardwareAwareWithinGap => Summary(HardwareAware).GapToBaseline <= StatisticsAwareClaims.MaxGap;

    /// <summary>results.json: the contract fields of DESIGN.md plus summaries and the comparison with the paper's claims.</summary>
    public JsonObject ToJson()
    {
        JsonObject Method(double[] errors) => ErrorSummary.WithDieErrors(errors, BaselineTestError);
        var claims = Claims;
        double offDiagonal = HardwareAwareOnOtherDies;
        var hardwareJson = Method(HardwareAware);
        hardwareJson["mean_on_other_dies"] = offDiagonal;
        return new JsonObject
        {
            ["command"] = "reproduce",
            ["seed"] = Seed,
            ["baseline_test_error"] = BaselineTestError,
            ["dies"] = new JsonArray(Dies.Select(d => (JsonNode)new JsonObject
            {
                ["name"] = d.Name,
                ["defect_rate"] = d.Defects.DefectRate,
                ["defective_devices"] = d.Defects.DefectiveDevices,
            }).ToArray()),
            ["methods"] = MethodsJson(hardwareJson),
            ["transfer_matrix"] = new JsonArray(TransferMatrix
                .Select(row => (JsonNode)new JsonArray(row.Select(e => (JsonNode)e).ToArray())).ToArray()),
            ["paper_claims"] = new JsonObject
            {
                ["statistics_aware_gap_to_baseline"] = claims.GapToBaseline,
                ["statistics_aware_within_2_percent"] = claims.WithinGap,
                ["spread_reduction_software_over_statistics_aware"] = claims.SpreadReduction,
                ["spread_reduced_at_least_5x"] = claims.SpreadReduced,
                ["hardware_aware_gap_on_own_die"] = Summary(HardwareAware).GapToBaseline,
                ["hardware_aware_within_2_percent_on_own_die"] = HardwareAwareWithinGap,
                ["hardware_aware_mean_on_other_dies"] = offDiagonal,
                ["statistics_aware_calibrated_gap_to_baseline"] = CalibratedClaims?.GapToBaseline,
                ["statistics_aware_calibrated_within_2_percent"] = CalibratedClaims?.WithinGap,
                ["spread_reduction_software_over_statistics_aware_calibrated"] = CalibratedClaims?.SpreadReduction,
                ["statistics_aware_calibrated_spread_reduced_at_least_5x"] = CalibratedClaims?.SpreadReduced,
            },
            ["analysis"] = Analysis?.ToJson(),
            ["deployment"] = Deployment?.ToJson(),
            ["deployment_summary"] = Deployment?.SummaryJson(),
        };
    }

    private JsonObject MethodsJson(JsonObject hardwareJson)
    {
        var methods = new JsonObject();
        foreach (var (key, _, errors) in Methods)
            methods[key] = key == "hardware_aware" ? hardwareJson : ErrorSummary.WithDieErrors(errors, BaselineTestError);
        return methods;
    }
}
