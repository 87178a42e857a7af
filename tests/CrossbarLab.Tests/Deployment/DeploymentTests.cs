using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Deployment;
using CrossbarLab.Devices;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Deployment;

/// <summary>The deployment steps' guarantees: exact where nothing is wrong, and never using what they must not.</summary>
public class DeploymentTests
{
    private static readonly ICompute Cpu = new CpuCompute();
    private static readonly ArrayGeometry Geometry = ArrayGeometry.Nist20k;
    private static readonly TrainingOptions Options = new TrainingOptions() with { BatchSize = 50 };

    private static BinaryNetwork Network(NetworkSpec? spec = null) => BinaryNetwork.Initialize(spec ?? NetworkSpec.Die, 7, 1f);

    private static Die Clean => Die.Ideal(Geometry, DeviceModel.SttMram);

    /// <summary>A die with many shorts and opens, so that every step has something to do.</summary>
    private static Die Defective => new Fab(DefectStatistics.Reference with { CleanDieFraction = 0, ShortRate = 0.03, OpenRate = 0.01 },
        DeviceModel.SttMram, Geometry).MakeDies(1, 11)[0];

    private static EncodedSet Train => TestData.Prototypes(600, NetworkSpec.Die.Inputs, 21);

    private static EncodedSet Test => TestData.Prototypes(300, NetworkSpec.Die.Inputs, 22);

    private static Deployer DeployerFor(DeploymentSettings steps, EncodedSet train) =>
        new(steps, train, calibrationImages: 200, Options, seed: 3, Cpu);

    [Fact]
    public void AssignmentFindsTheCheapestPermutationThatBruteForceFinds()
    {
        var rng = new RandomStream(5, "assignment-test");
        for (int trial = 0; trial < 20; trial++)
        {
            int n = 1 + trial % 6;
            var cost = new double[n, n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    cost[i, j] = Math.Round(rng.NextDouble() * 10, 1);
            var found = Assignment.Solve(cost);
            Assert.Equal(n, found.Distinct().Count());
            Assert.Equal(BruteForce(cost, n), Enumerable.Range(0, n).Sum(i => cost[i, found[i]]), 9);
        }
    }

    private static double BruteForce(double[,] cost, int n)
    {
        double best = double.PositiveInfinity;
        foreach (var p in Permutations(Enumerable.Range(0, n).ToArray(), 0))
            best = Math.Min(best, Enumerable.Range(0, n).Sum(i => cost[i, p[i]]));
        return best;
    }

    private static IEnumerable<int[]> Permutations(int[] items, int from)
    {
        if (from == items.Length)
        {
            yield return (int[])items.Clone();
            yield break;
        }
        for (int i = from; i < items.Length; i++)
        {
            (items[from], items[i]) = (items[i], items[from]);
            foreach (var p in Permutations(items, from + 1))
                yield return p;
            (items[from], items[i]) = (items[i], items[from]);
        }
    }

    [Fact]
    public void PlacementIsABijectionOfEveryLayersInputs()
    {
        var network = Network();
        var mapping = EffectiveWeights.Mapping(network.Spec, Geometry);
        var placement = PlacementSearch.Find(network, Defective, mapping, Train.Take(200), Cpu);
        placement.Validate(network.Spec);
        for (int l = 0; l < network.Spec.LayerCount; l++)
            Assert.Equal(Enumerable.Range(0, network.Spec.Widths[l]), placement.Rows[l].Order());
        Assert.False(placement.IsIdentity); // with 4 % defective devices some row or neuron moves
    }

    [Fact]
    public void AnyPlacementOnACleanDieGivesExactlyTheSolutionsPredictions()
    {
        var network = Network();
        var mapping = EffectiveWeights.Mapping(network.Spec, Geometry);
        // The placement chosen for a defective die, used on a clean one: it moves rows and neurons.
        var placement = PlacementSearch.Find(network, Defective, mapping, Train.Take(200), Cpu);
        Assert.False(placement.IsIdentity);
        var physical = placement.Physical(network);
        var test = Test;
        var logical = Forward(network, Clean, mapping);
        var placed = Forward(physical, Clean, mapping);
        Assert.Equal(logical.Classes(network, test.Inputs, test.Count, 0),
            placed.Classes(physical, placement.PhysicalInputs(test).Inputs, test.Count, 0));
    }

    [Fact]
    public void FineTuningNeverChangesADefectiveCell()
    {
        var network = Network();
        var die = Defective;
        var mapping = EffectiveWeights.Mapping(network.Spec, Geometry);
        var tuned = FineTuning.Tune(network, CellDefects.FromDie(die, mapping, Options.Saturation), die.Name, Train,
            steps: 20, Options, seed: 3, Cpu);
        var defects = CellDefects.FromDie(die, mapping);
        int changedHealthy = 0;
        for (int l = 0; l < network.Spec.LayerCount; l++)
        {
            var stuck = defects.Layers[l].Cells.ToHashSet();
            Assert.NotEmpty(stuck);
            for (int k = 0; k < network.Weights[l].Length; k++)
            {
                if (stuck.Contains(k))
                    Assert.Equal(network.Weights[l][k], tuned.Weights[l][k]);
                else if (network.Weights[l][k] != tuned.Weights[l][k])
                    changedHealthy++;
            }
        }
        Assert.True(changedHealthy > 1000, $"only {changedHealthy} healthy cells moved"); // it did train
    }

    [Fact]
    public void FineTuningIsBackpropAndAdamOnTheShuffledOrderWrappingAround()
    {
        // 600 images in minibatches of 50: steps 12 to 14 start the order again.
        var network = Network();
        var die = Defective;
        var mapping = EffectiveWeights.Mapping(network.Spec, Geometry);
        var defects = CellDefects.FromDie(die, mapping, Options.Saturation).Padded(network.Spec.LayerCount);
        var train = Train;
        const int steps = 15;
        var tuned = FineTuning.Tune(network, defects, die.Name, train, steps, Options, seed: 3, Cpu);

        // The same steps written out: gather each minibatch, backpropagate on the die's cells, update with Adam.
        var oracle = new BinaryNetwork(network.Spec, network.Weights.Select(w => (float[])w.Clone()).ToArray(),
            network.Offsets.Select(o => (float[])o.Clone()).ToArray(), network.Gains);
        var parameters = oracle.Parameters;
        var adam = new Adam(parameters, Options.Beta1, Options.Beta2, Options.Epsilon,
            clipped: network.Spec.LayerCount);
        var gradients = parameters.Select(p => new float[p.Length]).ToArray();
        var backprop = new Backprop(network.Spec, Options.BatchSize, Options.SteWindow, Cpu);
        var order = Enumerable.Range(0, train.Count).ToArray();
        new RandomStream(3, "finetune", FineTuning.DieKey(die.Name)).Shuffle(order.AsSpan());
        int batch = Options.BatchSize, features = train.Features, words = train.WordsPerSample;
        var x = new float[batch * features];
        var packed = new ulong[batch * words];
        var labels = new byte[batch];
        for (int step = 0; step < steps; step++)
        {
            for (int b = 0; b < batch; b++)
            {
                int s = order[(step * batch + b) % order.Length];
                train.Inputs.AsSpan(s * features, features).CopyTo(x.AsSpan(b * features));
                train.Packed.AsSpan(s * words, words).CopyTo(packed.AsSpan(b * words));
                labels[b] = train.Labels[s];
            }
            backprop.SetWeights(oracle);
            backprop.Run(x, packed, labels, batch, [defects], gradients);
            adam.Update(parameters, gradients, Options.LearningRateAt(step, steps));
        }
        for (int l = 0; l < network.Spec.LayerCount; l++)
        {
            Assert.Equal(oracle.Weights[l], tuned.Weights[l]);
            Assert.Equal(oracle.Offsets[l], tuned.Offsets[l]);
        }
    }

    [Fact]
    public void CalibrationAndRefitReadOnlyTheirFirstTrainingImages()
    {
        // The steps get training images only (the test set is never passed to a deployer); of those they read the
        // first calibration_images (calibration) and refit_images (refit): replacing every later image changes nothing.
        var steps = new DeploymentSettings(Calibrate: true, Refit: true, RefitImages: 300, OnDie: "first");
        var train = Train;
        var noise = TestData.RandomSet(train.Count, train.Features, 99);
        var altered = new float[train.Inputs.Length];
        train.Inputs.CopyTo(altered, 0);
        Array.Copy(noise.Inputs, 300 * train.Features, altered, 300 * train.Features, (train.Count - 300) * train.Features);
        var labels = (byte[])train.Labels.Clone();
        Array.Copy(noise.Labels, 300, labels, 300, train.Count - 300);
        var changed = new EncodedSet(train.Count, train.Features, altered, labels);
        var die = Defective;
        var a = DeployerFor(steps, train).Deploy(Network(), die).Network;
        var b = DeployerFor(steps, changed).Deploy(Network(), die).Network;
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.Equal(a.Gains, b.Gains);
    }

    [Fact]
    public void CalibrationChangesNothingOnACleanDie()
    {
        var network = Network(NetworkSpec.Die with { Offsets = true });
        var deployed = DeployerFor(new DeploymentSettings(Calibrate: true), Train).Deploy(network, Clean).Network;
        Assert.Equal(network.Parameters, deployed.Parameters);
    }

    [Theory]
    [InlineData("first")]
    [InlineData("all")]
    public void RefitOnACleanDieIsTheRefitOfTheDefectFreeNetwork(string onDie)
    {
        // On a clean die the die reports exactly the ideal network's values, so the refit is the fair baseline's refit
        // (the same refit computed from the ideal network, no die involved): the die adds nothing.
        var network = Deployer.ForPlacement(Network(), onDie);
        var images = Train.Take(300);
        var viaDie = OutputRefit.Refit(network, Forward(network, Clean, EffectiveWeights.Mapping(network.Spec, Geometry)),
            images, Cpu);
        var ideal = OutputRefit.Refit(network, new IdealForward(network), images, Cpu);
        Assert.Equal(ideal.Parameters, viaDie.Parameters);
        Assert.Equal(ideal.Gains, viaDie.Gains);
        Assert.Equal(SpecJson(ideal.Spec), SpecJson(viaDie.Spec));
    }

    [Fact]
    public void LoopTuningOnACleanDieTakesTheDenseOraclesGradientStep()
    {
        // With no defects the die's outputs are the programmed network's, so one chip-in-the-loop step is one ordinary
        // training step: the same update as the dense double batch with one clean instance.
        var spec = NetworkSpec.Die with { Offsets = true };
        var network = Network(spec);
        var train = Train;
        var options = Options with { BatchSize = train.Count };
        var mapping = EffectiveWeights.Mapping(spec, Geometry);
        var looped = LoopTuning.Tune(network, n => Forward(n, Clean, mapping), train, steps: 1, options, seed: 3, dieKey: 1, Cpu);

        var expected = new BinaryNetwork(spec, network.Weights.Select(w => (float[])w.Clone()).ToArray(),
            network.Offsets.Select(o => (float[])o.Clone()).ToArray());
        var gradients = expected.Parameters.Select(p => new float[p.Length]).ToArray();
        new DenseDoubleBatch(spec, train.Count, options.SteWindow, Cpu)
            .Run(expected, train.Inputs, train.Labels, train.Count, [CellDefects.Clean(spec.LayerCount)], gradients);
        var adam = new Adam(expected.Parameters, options.Beta1, options.Beta2, options.Epsilon, clipped: spec.LayerCount);
        adam.Update(expected.Parameters, gradients, options.LearningRateAt(0, 1));
        for (int p = 0; p < gradients.Length; p++)
            for (int i = 0; i < gradients[p].Length; i++)
                Assert.Equal(expected.Parameters[p][i], looped.Parameters[p][i], 1e-5f);
    }

    [Fact]
    public void ADeploymentFileRoundTripsAndRefusesAnEdit()
    {
        var die = Defective;
        var steps = new DeploymentSettings(Place: true, Calibrate: true);
        var deployer = DeployerFor(steps, Train);
        var deployed = deployer.Deploy(Network(), die);
        var record = new DeploymentRecord(steps, die, deployed.Network, deployed.Placement, "effective-weights",
            deployer.Error(deployed, Test), new DeploymentCost(0.5, 10, steps.NeedsMap, steps.Trains));
        string path = Path.Combine(Directory.CreateTempSubdirectory("crossbar-deployment").FullName, "deployment.json");
        DeploymentFile.Save(record, path);
        var back = DeploymentFile.Load(path);
        Assert.Equal(record.Steps, back.Steps);
        Assert.Equal(record.Network.Parameters, back.Network.Parameters);
        Assert.Equal(SpecJson(record.Network.Spec), SpecJson(back.Network.Spec));
        Assert.Equal(record.Placement.Rows, back.Placement.Rows);
        Assert.Equal(DieFile.ToJson(die).ToJsonString(), DieFile.ToJson(back.Die).ToJsonString());
        Assert.Equal(record.TestError, back.TestError);
        Assert.Equal(record.Cost, back.Cost);
        // The programmed network evaluated from the file gives the recorded error.
        var mapping = EffectiveWeights.Mapping(back.Network.Spec, back.Die.Geometry);
        double error = new DieEvaluator(Cpu).Error(back.Network, back.Die, mapping, back.Placement.PhysicalInputs(Test));
        Assert.Equal(record.TestError, error);

        var edited = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        edited["evaluation"]!["test_error"] = 0.01;
        File.WriteAllText(path, edited.ToJsonString());
        var refused = Assert.Throws<InvalidDataFileException>(() => DeploymentFile.Load(path));
        Assert.Contains("checksum", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TheProgrammingStatesAreThePairsOfTheProgrammedSigns()
    {
        var network = Network();
        var tiles = DeploymentFile.Programming(network, Geometry);
        Assert.Equal(Geometry.Tiles, tiles.Count);
        var mapping = EffectiveWeights.Mapping(network.Spec, Geometry);
        var w = network.Weights[1];
        int outputs = network.Spec.Widths[2];
        for (int k = 0; k < w.Length; k += 7)
        {
            var (plus, minus) = mapping.Devices(1, k / outputs, k % outputs);
            Assert.Equal(w[k] >= 0 ? "LH" : "HL", $"{State(tiles, plus)}{State(tiles, minus)}");
        }
        int used = tiles.Sum(t => ((string)t!["states"]!).Count(c => c != '.'));
        Assert.Equal(2 * network.Spec.WeightCount, used);
    }

    private static char State(System.Text.Json.Nodes.JsonArray tiles, int device)
    {
        int row = device / Geometry.DieColumns, column = device % Geometry.DieColumns;
        string states = (string)tiles[column / Geometry.TileColumns]!["states"]!;
        return states[row * Geometry.TileColumns + column % Geometry.TileColumns];
    }

    private static string SpecJson(NetworkSpec spec) => CrossbarLab.IO.JsonConventions.ToNode(spec)!.ToJsonString();

    private static IDieForward Forward(BinaryNetwork network, Die die, DifferentialMapping mapping) =>
        new DieEvaluator(Cpu).Forward(network, die, mapping);

    /// <summary>The network's own values with ideal weights, as a defect-free die would report them.</summary>
    private sealed class IdealForward(BinaryNetwork network) : IDieForward
    {
        public NetworkSpec Spec => network.Spec;

        public void ColumnSums(int layer, ReadOnlySpan<float> inputs, int n, Span<float> sums, int firstSample)
        {
            int nIn = Spec.Widths[layer], nOut = Spec.Widths[layer + 1];
            Cpu.Gemm(false, false, n, nOut, nIn, 1f, inputs, nIn, network.IdealWeights(layer), nOut, 0f, sums, nOut);
        }
    }
}
