using CrossbarLab.Compute;

namespace CrossbarLab.Tests.Compute;

public class FastDivisorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(90)]
    [InlineData(100)]
    [InlineData(512)]
    [InlineData(65536)]
    [InlineData(int.MaxValue)]
    public void DividesLikeTheHardware(int divisor)
    {
        var d = new FastDivisor(divisor);
        var rng = new RandomStream(7, "fast-divisor", divisor);
        IEnumerable<int> Dividends()
        {
            for (int x = 0; x < 5000; x++) yield return x;
            foreach (int x in new[] { divisor - 1, divisor, divisor + 1, int.MaxValue - 1, int.MaxValue }) if (x >= 0) yield return x;
            for (int i = 0; i < 20000; i++) yield return (int)(rng.NextUInt64() >> 33);
        }
        foreach (int x in Dividends()) Assert.Equal((x / divisor, x % divisor), d.DivRem(x));
    }
}
