using CrossbarLab.Compute;
using CrossbarLab.Devices;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Tests.Evaluation;

public class DieEvaluatorTests
{
    [Fact]
    public void CleanDieGivesTheIdealErrorAndTheMatrixHasOneRowPerSolution()
    {
        var spec = NetworkSpec.Die;
        var nets = new[] { BinaryNetwork.Initialize(spec, 1, 1f), BinaryNetwork.Initialize(spec, 2, 1f) };
        var data = TestData.RandomSet(400, spec.Inputs, 3);
        var dies = new List<Die> { Die.Ideal(ArrayGeometry.Nist20k, DeviceModel.SttMram) };
        dies.AddRange(new Fab(DefectStatistics.Reference with { CleanDieFraction = 0, ShortRate = 0.05 }, DeviceModel.SttMram, ArrayGeometry.Nist20k).MakeDies(2, 4));
        var evaluator = new DieEvaluator(new CpuCompute());
        var matrix = evaluator.Matrix(nets, dies, data);
        Assert.Equal(2, matrix.Length);
        Assert.All(matrix, row => Assert.Equal(3, row.Length));
        for (int i = 0; i < 2; i++) Assert.Equal(new PackedInference(nets[i], new CpuCompute()).Error(data), matrix[i][0]);
        Assert.NotEqual(matrix[0][0], matrix[0][1]); // 5 % shorts change the predictions
        // The circuit level agrees on the clean die when the device model is ideal and the ADC is ideal.
        var idealDie = Die.Ideal(ArrayGeometry.Nist20k with { AdcBits = 0 }, DeviceModel.SttMram with { ReadNoiseSigmaRelative = 0, DeviceSpreadSigmaLn = 0 });
        Assert.Equal(matrix[0][0], new DieEvaluator(new CpuCompute(), EvaluationLevel.Circuit).Errors(nets[0], [idealDie], data)[0]);
    }
}
