using CrossbarLab.Data;

namespace CrossbarLab.Tests;

/// <summary>Small generated data for unit tests.</summary>
internal static class TestData
{
    public static float[] RandomFloats(int n, ulong seed, float lo = -1f, float hi = 1f)
    {
        var rng = new RandomStream(seed, "test-floats");
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = lo + (hi - lo) * rng.NextSingle();
        return x;
    }

    public static float[] RandomSigns(int n, ulong seed)
    {
        var rng = new RandomStream(seed, "test-signs");
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (rng.NextUInt64() & 1) == 0 ? 1f : -1f;
        return x;
    }

    public static EncodedSet RandomSet(int count, int features, ulong seed)
    {
        var rng = new RandomStream(seed, "test-labels");
        var labels = new byte[count];
        for (int i = 0; i < count; i++) labels[i] = (byte)rng.NextInt(10);
        return new EncodedSet(count, features, RandomSigns(count * features, seed), labels);
    }

    /// <summary>A learnable toy problem: the label is determined by which of 10 fixed ±1 prototypes a noisy sample came from.</summary>
    public static EncodedSet Prototypes(int count, int features, ulong seed, double flip = 0.1)
    {
        var protos = RandomSigns(10 * features, 1000); // the same prototypes for every set drawn
        var rng = new RandomStream(seed, "test-prototypes");
        var x = new float[count * features];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int c = rng.NextInt(10);
            labels[i] = (byte)c;
            for (int f = 0; f < features; f++)
                x[i * features + f] = rng.NextDouble() < flip ? -protos[c * features + f] : protos[c * features + f];
        }
        return new EncodedSet(count, features, x, labels);
    }
}
