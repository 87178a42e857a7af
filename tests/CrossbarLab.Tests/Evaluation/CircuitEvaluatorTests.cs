using CrossbarLab.Compute;
using CrossbarLab.Devices;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Tests.Evaluation;

public class CircuitEvaluatorTests
{
    // A 4-input, 10-output network on 2 tiles of 4 × 10 cells: one block, tile 0 positive, tile 1 negative.
    private static readonly NetworkSpec Tiny = new(2, 0.5, [], 10, 1f);
    private static readonly ArrayGeometry TinyArray = new(2, 4, 10, 0);
    private static readonly DeviceModel Ideal = DeviceModel.SttMram with { DeviceSpreadSigmaLn = 0, ReadNoiseSigmaRelative = 0 };

    private static BinaryNetwork AllPlusOne() => new(Tiny, [Enumerable.Repeat(0.5f, 40).ToArray()]);

    /// <summary>One healthy weight's current at 0.1 V: the unit in which the evaluator reports neuron values.</summary>
    private const double Unit = 0.1 * (1 / 4000.0 - 1 / 8500.0);

    [Fact]
    public void ColumnCurrentsMatchHandComputedValues()
    {
        // All weights +1: positive devices low (4 kΩ with transistor), negative devices high (8.5 kΩ).
        // Input (+1, +1, −1, +1) at 0.1 V: I₊ − I₋ = 0.1 V · (1 + 1 − 1 + 1) · (1/4000 − 1/8500) = 2·0.1·(1/4000 − 1/8500) ≈ 26.47 µA.
        var die = Die.Ideal(TinyArray, Ideal);
        var eval = new CircuitEvaluator(AllPlusOne(), die, DifferentialMapping.Create(Tiny.Widths, TinyArray), 1);
        var values = eval.OutputValues([1, 1, -1, 1], 0);
        Assert.All(values, v => Assert.Equal(2.0, v, 12));
    }

    [Fact]
    public void AShortedDeviceAddsATransistorLimitedCurrent()
    {
        var g = TinyArray;
        var kinds = new byte[g.DeviceCount];
        kinds[g.Device(0, 3)] = (byte)DefectKind.Short; // positive device of weight (input 0, output 3)
        var die = new Die("d", "test", g, Ideal, new DefectMap(g, kinds), Enumerable.Repeat(3000f, 80).ToArray(), Enumerable.Repeat(7500f, 80).ToArray());
        var values = new CircuitEvaluator(AllPlusOne(), die, DifferentialMapping.Create(Tiny.Widths, g), 1).OutputValues([1, 1, 1, 1], 0);
        double healthy = 0.1 * 4 * (1 / 4000.0 - 1 / 8500.0);
        // Input 0's positive device now passes 0.1 V / (100 Ω + 1 kΩ) ≈ 90.9 µA instead of 25 µA.
        Assert.Equal((healthy + 0.1 * (1 / 1100.0 - 1 / 4000.0)) / Unit, values[3], 12);
        Assert.Equal(healthy / Unit, values[4], 12);
        Assert.True(0.1 / 1100.0 < 0.1 / 1000.0); // the short's current stays below V/R_access
    }

    [Fact]
    public void TheAdcQuantisesAndSaturatesEachColumn()
    {
        // 4-bit ADC: full scale ±4 rows · 0.1 V · 250 µS = ±100 µA, LSB 12.5 µA, codes −8 … 7.
        var g = TinyArray with { AdcBits = 4 };
        var kinds = new byte[g.DeviceCount];
        for (int r = 0; r < 4; r++) kinds[g.Device(r, 0)] = (byte)DefectKind.Short; // a column of shorts: 4 · 90.9 µA = 364 µA
        var die = new Die("d", "test", g, Ideal, new DefectMap(g, kinds), Enumerable.Repeat(3000f, 80).ToArray(), Enumerable.Repeat(7500f, 80).ToArray());
        var values = new CircuitEvaluator(AllPlusOne(), die, DifferentialMapping.Create(Tiny.Widths, g), 1).OutputValues([1, 1, 1, 1], 0);
        double lsb = 100e-6 / 8;
        Assert.Equal(lsb * (7 - Math.Round(4 * 0.1 / 8500 / lsb)) / Unit, values[0], 12);     // positive column clipped at code 7
        // A healthy column of low-state devices reaches exactly full scale (code 8), which also clips to 7; the negative column reads code 4.
        Assert.Equal(lsb * (7 - 4) / Unit, values[1], 12);
    }

    [Fact]
    public void IdealLimitEqualsTheEffectiveWeightEvaluation()
    {
        var spec = NetworkSpec.Die;
        var net = BinaryNetwork.Initialize(spec, 4, 1f);
        var data = TestData.RandomSet(600, spec.Inputs, 6);
        var geometry = ArrayGeometry.Nist20k with { AdcBits = 0 };
        var mapping = DifferentialMapping.Create(spec.Widths, geometry);
        var stats = DefectStatistics.Reference with { CleanDieFraction = 0, ShortRate = 0.02, OpenRate = 0.01, StuckParallelRate = 0.01, StuckAntiparallelRate = 0.01, RowLineFailureRate = 0.01 };
        foreach (var die in new Fab(stats, Ideal, geometry).MakeDies(3, 12))
        {
            var circuit = new CircuitEvaluator(net, die, mapping, 1).Predict(data);
            var fast = new DenseEvaluator(new CpuCompute()).Predict(EffectiveWeights.For(net, die, mapping), spec.Widths, data);
            Assert.Equal(fast, circuit);
        }
    }

    [Fact]
    public void ReadNoiseIsSeededPerSample()
    {
        var spec = NetworkSpec.Die;
        var net = BinaryNetwork.Initialize(spec, 4, 1f);
        var mapping = DifferentialMapping.Create(spec.Widths, ArrayGeometry.Nist20k);
        var die = new Fab(DefectStatistics.Reference, DeviceModel.SttMram, ArrayGeometry.Nist20k).MakeDie(0, 3);
        var input = TestData.RandomSigns(spec.Inputs, 5);
        var a = new CircuitEvaluator(net, die, mapping, 7);
        Assert.Equal(a.OutputValues(input, 3), new CircuitEvaluator(net, die, mapping, 7).OutputValues(input, 3));
        Assert.NotEqual(a.OutputValues(input, 3), a.OutputValues(input, 4));     // each read has its own noise
        Assert.NotEqual(a.OutputValues(input, 3), new CircuitEvaluator(net, die, mapping, 8).OutputValues(input, 3));
        var quiet = new Die(die.Name, die.Provenance, die.Geometry, die.Device with { ReadNoiseSigmaRelative = 0 }, die.Defects, die.LowOhms, die.HighOhms);
        var q = new CircuitEvaluator(net, quiet, mapping, 7);
        Assert.Equal(q.OutputValues(input, 3), q.OutputValues(input, 4));        // no noise: every read is the same
    }
}
