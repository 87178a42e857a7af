using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Devices;
using CrossbarLab.Evaluation;
using CrossbarLab.Gpu;
using CrossbarLab.Hardware;
using CrossbarLab.Model;
using CrossbarLab.Training;
using Xunit.Abstractions;

namespace CrossbarLab.Tests.Gpu;

/// <summary>
/// Multi-die evaluation on the GPU against <see cref="DenseEvaluator"/> on the CPU. The two sum z = a·W_eff in
/// different orders (float rounding of ~1e-6 for these sizes), so a prediction may differ only where rounding decides
/// it: where a decision — a hidden sum against the threshold −TieTolerance, or an output sum against the best so far
/// plus TieTolerance — lies within <see cref="NearBoundary"/> of its boundary (checked in double precision). Exact ties
/// (sums of ±1 products, defect values cancelling to zero) sit TieTolerance = 1e-4 from every boundary, so they must
/// be resolved identically; the tests print how many images touch a tie (within 1e-3) and how many predictions differ.
/// </summary>
[Collection(GpuCollection.Name)]
public class GpuDieEvaluatorTests
{
    /// <summary>How close to a decision boundary a sum must be for rounding to be allowed to decide it: half the tie
    /// tolerance, so an exact tie (1e-4 from the boundary) never counts, and ~50× the rounding of these sums.</summary>
    private const double NearBoundary = 5e-5;

    /// <summary>An image whose sums come this close to a tie exercises the tie rule (reported only).</summary>
    private const double NearTie = 1e-3;

    private static readonly Lazy<BinaryNetwork> s_trained = new(() =>
        new Trainer(NetworkSpec.Die, new TrainingOptions(Epochs: 3, BatchSize: 50, LearningRate: 0.005f), 3,
            new CpuCompute()).Train(TestData.Prototypes(2000, 100, 1), TestData.Prototypes(200, 100, 2)).Network);

    private static readonly Lazy<IReadOnlyList<Die>> s_dies = new(() =>
        new Fab(DefectStatistics.Reference, DeviceModel.SttMram, ArrayGeometry.Nist20k).MakeDies(4, 1));

    private readonly GpuCompute _gpu;
    private readonly ITestOutputHelper _output;

    public GpuDieEvaluatorTests(GpuFixture fixture, ITestOutputHelper output)
    {
        _gpu = fixture.Compute;
        _output = output;
    }

    [Theory]
    [InlineData("random")]
    [InlineData("trained")]
    public void PredictionsEqualTheDenseEvaluatorsOnEveryDieUpToNearTies(string kind)
    {
        var network = kind == "trained" ? s_trained.Value : BinaryNetwork.Initialize(NetworkSpec.Die, 5, 1f);
        var data = TestData.Prototypes(1000, NetworkSpec.Die.Inputs, 7, flip: 0.3);
        var dies = s_dies.Value;
        var mapping = DifferentialMapping.Create(network.Spec.Widths, ArrayGeometry.Nist20k);
        var weights = dies.Select(die => EffectiveWeights.For(network, die, mapping)).ToArray();

        using var evaluator = new GpuDieEvaluator(_gpu);
        var result = evaluator.Evaluate(network, dies, data, keepPredictions: true);

        int disagreements = AssertAgreesUpToNearTies(weights, network.Spec.Widths, data, result);
        var cpuErrors = new DieEvaluator(new CpuCompute()).Errors(network, dies, data);
        int ties = weights.Sum(w => Enumerable.Range(0, data.Count).Count(i =>
            DistanceToBoundary(w, network.Spec.Widths, Image(data, i)) <= NearTie + Signs.TieTolerance));
        _output.WriteLine($"{kind}: GPU errors {string.Join(", ", result.ErrorRates())}; " +
            $"CPU {string.Join(", ", cpuErrors)}; {disagreements} of {dies.Count * data.Count} predictions differ; " +
            $"{ties} touch a tie");
        if (disagreements == 0)
            Assert.Equal(cpuErrors, result.ErrorRates());
    }

    [Fact]
    public void DeepAndShallowNetworksWithArbitraryWeightsAgreeUpToNearTies()
    {
        foreach (int[] widths in new[] { new[] { 30, 10 }, new[] { 30, 17, 12, 9, 10 } })
        {
            var data = TestData.RandomSet(300, widths[0], 11);
            var weights = Enumerable.Range(0, 3).Select(d => Enumerable.Range(0, widths.Length - 1)
                .Select(l => TestData.RandomFloats(widths[l] * widths[l + 1], (ulong)(100 * d + l), -2f, 2f))
                .ToArray()).ToArray();
            using var evaluator = new GpuDieEvaluator(_gpu);
            var result = evaluator.Evaluate(weights, widths, data, keepPredictions: true);
            int disagreements = AssertAgreesUpToNearTies(weights, widths, data, result);
            _output.WriteLine($"{string.Join("-", widths)}: {disagreements} of {3 * data.Count} predictions differ");
        }
    }

    [Fact]
    public void ChunksAndRepeatedCallsChangeNothingAndReuseBuffers()
    {
        var network = BinaryNetwork.Initialize(NetworkSpec.Die, 6, 1f);
        var data = TestData.RandomSet(250, NetworkSpec.Die.Inputs, 12);
        var dies = s_dies.Value.Take(3).ToArray();
        using var whole = new GpuDieEvaluator(_gpu);
        var expected = whole.Evaluate(network, dies, data, keepPredictions: true);
        int allocations = whole.DeviceAllocations;
        var again = whole.Evaluate(network, dies, data);
        Assert.Equal(allocations, whole.DeviceAllocations);
        Assert.Equal(expected.Errors, again.Errors);
        Assert.Null(again.Predictions);

        // 37 images per launch: 7 launches, the last one short.
        using var chunked = new GpuDieEvaluator(_gpu, scratchBudgetBytes: 37L * 2 * dies.Length * 90 * sizeof(float));
        var pieces = chunked.Evaluate(network, dies, data, keepPredictions: true);
        Assert.Equal(expected.Errors, pieces.Errors);
        for (int d = 0; d < dies.Length; d++)
            Assert.Equal(expected.Predictions![d], pieces.Predictions![d]);
    }

    [Fact]
    public void DieEvaluatorOnTheGpuFollowsEveryNetworkSwitch()
    {
        // 0/1 inputs (hidden neurons off at 0), offsets and gains, and only the first layer on the die.
        var spec = NetworkSpec.Die with
        {
            Encoding = InputEncoding.ZeroOne, Offsets = true, OnDie = OnDie.First, DigitalLayers = DigitalLayers.Real,
        };
        var random = BinaryNetwork.Initialize(spec, 8, 1f);
        var offsets = random.Offsets.Select((o, l) => TestData.RandomFloats(o.Length, (ulong)(30 + l), -4f, 4f))
            .ToArray();
        var gains = random.Offsets.Select((o, l) => TestData.RandomFloats(o.Length, (ulong)(40 + l), 0.5f, 2f))
            .ToArray();
        var network = new BinaryNetwork(spec, random.Weights, offsets, gains);
        var signs = TestData.Prototypes(400, spec.Inputs, 13, flip: 0.3);
        var data = new EncodedSet(signs.Count, signs.Features, signs.Inputs.Select(x => x > 0 ? 1f : 0f).ToArray(),
            signs.Labels, InputEncoding.ZeroOne);
        var dies = s_dies.Value;

        var gpu = new DieEvaluator(_gpu).Errors(network, dies, data);
        var cpu = new DieEvaluator(new CpuCompute()).Errors(network, dies, data);
        _output.WriteLine($"GPU {string.Join(", ", gpu)}; CPU {string.Join(", ", cpu)}");
        Assert.Equal(cpu, gpu);
        Assert.Contains(cpu, e => e > 0.05 && e < 0.95);
    }

    [Fact]
    public void RefusesMismatchedShapesAndHandlesEmptyInputs()
    {
        using var evaluator = new GpuDieEvaluator(_gpu);
        int[] widths = [8, 4, 3];
        float[][] good = [new float[32], new float[12]];
        Assert.Throws<InvalidConfigurationException>(() =>
            evaluator.Evaluate([good], widths, TestData.RandomSet(5, 9, 1)));
        Assert.Throws<ArgumentException>(() =>
            evaluator.Evaluate([good, [new float[32], new float[11]]], widths, TestData.RandomSet(5, 8, 1)));
        var none = evaluator.Evaluate([], widths, TestData.RandomSet(5, 8, 1));
        Assert.Empty(none.Errors);
        var empty = evaluator.Evaluate([good], widths, new EncodedSet(0, 8, [], []), keepPredictions: true);
        Assert.Equal([0], empty.Errors);
        Assert.Equal([0.0], empty.ErrorRates());
    }

    /// <summary>Asserts that every prediction that differs from DenseEvaluator's lies near a decision boundary;
    /// returns how many differ.</summary>
    private static int AssertAgreesUpToNearTies(IReadOnlyList<float[][]> weights, int[] widths, EncodedSet data,
        MultiDieEvaluation result)
    {
        int disagreements = 0;
        for (int d = 0; d < weights.Count; d++)
        {
            var cpu = new DenseEvaluator(new CpuCompute()).Predict(weights[d], widths, data);
            int wrong = 0;
            for (int i = 0; i < data.Count; i++)
            {
                if (cpu[i] != data.Labels[i])
                    wrong++;
                if (cpu[i] == result.Predictions![d][i])
                    continue;
                disagreements++;
                double distance = DistanceToBoundary(weights[d], widths, Image(data, i));
                Assert.True(distance <= NearBoundary, $"die {d}, image {i}: GPU predicts {result.Predictions[d][i]}, " +
                    $"CPU {cpu[i]}, but its closest decision is {distance} from its boundary");
            }
            Assert.InRange(result.Errors[d], wrong - disagreements, wrong + disagreements);
        }
        return disagreements;
    }

    private static ReadOnlySpan<float> Image(EncodedSet data, int i) =>
        data.Inputs.AsSpan(i * data.Features, data.Features);

    /// <summary>
    /// The smallest distance, in double precision, between a decision of the forward pass and its boundary: a hidden
    /// sum z against −TieTolerance, or, in the argmax, z_k against z_best + TieTolerance.
    /// </summary>
    private static double DistanceToBoundary(float[][] weights, int[] widths, ReadOnlySpan<float> input)
    {
        var a = new double[input.Length];
        for (int k = 0; k < a.Length; k++)
            a[k] = input[k];
        double closest = double.PositiveInfinity;
        for (int l = 0; l < weights.Length; l++)
        {
            int fanIn = widths[l], fanOut = widths[l + 1];
            var z = new double[fanOut];
            for (int k = 0; k < fanIn; k++)
            {
                for (int o = 0; o < fanOut; o++)
                    z[o] += a[k] * weights[l][k * fanOut + o];
            }
            if (l == weights.Length - 1)
            {
                int best = 0;
                for (int o = 1; o < fanOut; o++)
                {
                    double margin = z[o] - (z[best] + Signs.TieTolerance);
                    closest = Math.Min(closest, Math.Abs(margin));
                    if (margin > 0)
                        best = o;
                }
                return closest;
            }
            foreach (double v in z)
                closest = Math.Min(closest, Math.Abs(v + Signs.TieTolerance));
            a = z.Select(v => v >= -Signs.TieTolerance ? 1.0 : -1.0).ToArray();
        }
        return closest;
    }
}
