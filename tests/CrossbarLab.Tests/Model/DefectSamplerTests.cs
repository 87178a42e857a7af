using CrossbarLab.Devices;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Tests.Model;

/// <summary>Statistics-aware training must see the population the fab makes: the sampler and the fab draw the same thing.</summary>
public class DefectSamplerTests
{
    private static readonly DifferentialMapping Mapping = DifferentialMapping.Create(NetworkSpec.Die.Widths, ArrayGeometry.Nist20k);

    private static (List<CellDefects> Fab, List<CellDefects> Sampled) Draw(DefectStatistics stats, int n)
    {
        var fab = new Fab(stats, DeviceModel.SttMram, ArrayGeometry.Nist20k);
        var sampler = new DefectSampler(stats, DeviceModel.SttMram, Mapping, saturation: null);
        return (Enumerable.Range(0, n).Select(i => CellDefects.FromDie(fab.MakeDie(i, 5), Mapping)).ToList(),
                Enumerable.Range(0, n).Select(i => sampler.Sample(5, 0, i)).ToList());
    }

    [Fact]
    public void SampledInstancesMatchTheFabsDiesCellForCellKind()
    {
        // Every die at the mean rate: the defective cells per layer are binomial, so both means agree within a few
        // standard errors, √(2·mean/n); and the defective cells take the same effective values on average.
        var (fab, sampled) = Draw(new DefectStatistics(0.006, 0.002, 0.001, 0.001, 0, 0, 0, 0), 200);
        for (int l = 0; l < 2; l++)
        {
            double a = fab.Average(c => c.Layers[l].Cells.Length), b = sampled.Average(c => c.Layers[l].Cells.Length);
            Assert.True(Math.Abs(a - b) < 5 * Math.Sqrt(2 * a / 200), $"layer {l}: fab {a:F2} vs sampler {b:F2} defective cells per die");
        }
        double MeanValue(List<CellDefects> set, bool plus) => set.SelectMany(c => c.Layers).SelectMany(x => plus ? x.IfPlus : x.IfMinus).Average();
        Assert.Equal(MeanValue(fab, true), MeanValue(sampled, true), 0.1);
        Assert.Equal(MeanValue(fab, false), MeanValue(sampled, false), 0.1);
    }

    [Fact]
    public void CleanDiesAndDieToDieSpreadAreDrawnAlike()
    {
        var (fab, sampled) = Draw(DefectStatistics.Reference with { CleanDieFraction = 0.3 }, 300);
        double cleanFab = fab.Count(c => c.Count == 0) / 300.0, cleanSampled = sampled.Count(c => c.Count == 0) / 300.0;
        Assert.Equal(0.3, cleanFab, 0.1);
        Assert.Equal(cleanFab, cleanSampled, 0.1); // binomial standard error ≈ 0.026 each
        // Lognormal factors with σ = 0.7: the defective dies' counts spread alike (coefficient of variation ≈ 0.8).
        static double Cv(IEnumerable<int> xs) { var v = xs.Select(x => (double)x).ToArray(); double m = v.Average(); return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1)) / m; }
        double cvFab = Cv(fab.Where(c => c.Count > 0).Select(c => c.Count)), cvSampled = Cv(sampled.Where(c => c.Count > 0).Select(c => c.Count));
        Assert.InRange(cvFab, 0.5, 1.2);
        Assert.InRange(cvSampled, 0.5, 1.2);
    }

    [Fact]
    public void DrawingManyAtOnceGivesTheSameInstancesAsOneByOne()
    {
        // Line failures included: they mark cells again after the point defects.
        var stats = DefectStatistics.Reference with { RowLineFailureRate = 0.05, ColumnLineFailureRate = 0.05 };
        var many = new CellDefects[40];
        new DefectSampler(stats, DeviceModel.SttMram, Mapping, saturation: null).SampleMany(11, 3, many, 40);
        var single = new DefectSampler(stats, DeviceModel.SttMram, Mapping, saturation: null);
        for (int b = 0; b < many.Length; b++)
        {
            var expected = single.Sample(11, 3, b);
            for (int l = 0; l < expected.Layers.Length; l++)
            {
                Assert.Equal(expected.Layers[l].Cells, many[b].Layers[l].Cells);
                Assert.Equal(expected.Layers[l].IfPlus, many[b].Layers[l].IfPlus);
                Assert.Equal(expected.Layers[l].IfMinus, many[b].Layers[l].IfMinus);
            }
        }
    }
}
