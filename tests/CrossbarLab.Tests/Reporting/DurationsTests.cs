using CrossbarLab.Reporting;

namespace CrossbarLab.Tests.Reporting;

public class DurationsTests
{
    [Theory]
    [InlineData(1.346, "1.35 s")]
    [InlineData(0.0413, "41.3 ms")]
    [InlineData(0.11, "110 ms")]
    [InlineData(0.001, "1 ms")]
    [InlineData(6e-5, "60 µs")]
    [InlineData(1e-5, "10 µs")]
    [InlineData(0, "0 µs")]
    [InlineData(0.9996, "1 s")]
    [InlineData(0.00099996, "1 ms")]
    [InlineData(1000, "1,000 s")]
    [InlineData(1234, "1,230 s")]
    [InlineData(0.0123, "12.3 ms")]
    public void ThreeDigitsInTheUnitThatKeepsTheValueAboveOne(double seconds, string expected) =>
        Assert.Equal(expected, Durations.Format(seconds));
}
