using System.Runtime.CompilerServices;

namespace CrossbarLab;

/// <summary>
/// A deterministic random stream keyed by (seed, purpose, a, b, c) — e.g. (run seed, "shuffle", epoch) or
/// (run seed, "defects", die, step, instance). There is no global random state: two streams with the same key
/// produce the same numbers on every machine, and streams with different keys are statistically independent.
/// </summary>
/// <remarks>
/// The key is mixed with SplitMix64 into the 256-bit state of xoshiro256** (Blackman and Vigna). The purpose
/// string is hashed with FNV-1a, which, unlike <see cref="string.GetHashCode()"/>, is stable across processes.
/// </remarks>
public sealed class RandomStream
{
    private RandomState _state;

    /// <summary>Creates the stream for one key.</summary>
    public RandomStream(ulong seed, string purpose, long a = 0, long b = 0, long c = 0) => _state = new RandomState(seed, purpose, a, b, c);

    /// <summary>The next 64 uniformly random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64() => _state.NextUInt64();

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => _state.NextDouble();

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>A uniform integer in [0, n) without modulo bias (Lemire's method).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), "n must be positive.");
        ulong range = (ulong)n;
        while (true)
        {
            ulong x = NextUInt64() >> 32;
            ulong m = x * range;
            ulong low = m & 0xFFFFFFFFUL;
            if (low >= range || low >= (0x1_0000_0000UL - range) % range) return (int)(m >> 32);
        }
    }

    /// <summary>A standard normal deviate (Box–Muller; one of the pair is discarded to keep the stream stateless).</summary>
    public double NextGaussian() => _state.NextGaussian();

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>
/// The state of a <see cref="RandomStream"/> as a value, for hot loops that draw many numbers: held in a local, it
/// lives in registers instead of the heap, and creating one allocates nothing. Same key, same numbers.
/// </summary>
internal struct RandomState
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>The state of the stream keyed by (seed, purpose, a, b, c).</summary>
    public RandomState(ulong seed, string purpose, long a = 0, long b = 0, long c = 0)
    {
        ulong x = seed;
        x = Mix(x ^ Fnv1a(purpose));
        x = Mix(x ^ (ulong)a);
        x = Mix(x ^ ((ulong)b * 0x9E3779B97F4A7C15UL));
        x = Mix(x ^ ((ulong)c * 0xC2B2AE3D27D4EB4FUL));
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    /// <summary>The next 64 uniformly random bits (xoshiro256**).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitRotate(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitRotate(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal deviate (Box–Muller; one of the pair is discarded to keep the stream stateless).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static ulong BitRotate(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return Mix(x);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Fnv1a(string s)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (char ch in s) { h ^= ch; h *= 0x100000001B3UL; }
        return h;
    }
}
