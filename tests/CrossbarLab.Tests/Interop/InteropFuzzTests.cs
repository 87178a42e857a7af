using CrossbarLab.Data;
using CrossbarLab.Interop;
using Google.Protobuf;

namespace CrossbarLab.Tests.Interop;

/// <summary>
/// Feeds random mutations of valid .npy, .npz and ONNX files to their readers and asserts that only clean errors
/// (<see cref="InvalidDataFileException"/>) or valid results come out — never another exception or a hang.
/// </summary>
public class InteropFuzzTests
{
    private const int Mutations = 250;

    public static TheoryData<string> Formats() =>
        new() { "npy", "npy-text", "npz", "npz-deflated", "onnx", "onnx-chain" };

    private static NpzArchive SmallArchive() => new NpzArchive()
        .Add("w", new NpyArray(new[] { 1f, -1f, 0.5f, 2f, -3f, 4f }, 2, 3))
        .Add("m", NpyArray.Text("{\"k\": 1}"))
        .Add("b", NpyArray.Vector(new[] { true, false }));

    private static (byte[] Valid, Action<byte[]> Read) Reader(string format) => format switch
    {
        "npy" => (NpyWriter.ToBytes(new NpyArray(new[] { 1L, 2L, 3L, 4L }, 2, 2)), b => NpyReader.Parse(b, "fuzz.npy")),
        "npy-text" => (NpyWriter.ToBytes(NpyArray.Vector(new[] { "a", "bc", "±" })),
            b => NpyReader.Parse(b, "fuzz.npy")),
        "npz" => (SmallArchive().ToBytes(), b => NpzArchive.Parse(b, "fuzz.npz")),
        "npz-deflated" => (SmallArchive().ToBytes(compress: true), b => NpzArchive.Parse(b, "fuzz.npz")),
        "onnx-chain" => (OnnxModelReaderTests.PlainChain().ToByteArray(), b => OnnxModelReader.Parse(b, "fuzz.onnx")),
        _ => (OnnxGraphBuilder.ToBytes(OnnxGraphBuilderTests.HandChosen(InputEncoding.PlusMinusOne)),
            b => OnnxModelReader.Parse(b, "fuzz.onnx")),
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void RandomMutationsGiveOnlyCleanErrors(string format)
    {
        var (valid, read) = Reader(format);
        read(valid);
        var rng = new RandomStream(91, "interop-fuzz-" + format);
        int clean = 0;
        int accepted = 0;
        for (int i = 0; i < Mutations; i++)
        {
            byte[] damaged = Mutate(valid, rng);
            try
            {
                read(damaged);
                accepted++;
            }
            catch (InvalidDataFileException)
            {
                clean++;
            }
            catch (Exception e)
            {
                Assert.Fail($"{format}, mutation {i}: {e.GetType().Name}: {e.Message}");
            }
        }
        string counts = $"{Mutations} mutated inputs, {clean} clean errors, {accepted} still valid, 0 crashes";
        Console.WriteLine($"reliability: {format}: {counts}");
        Assert.True(clean > Mutations / 4, $"{format}: the mutations should mostly break the file ({clean} broke it)");
    }

    /// <summary>One random damage, half of them within the first 160 bytes (the headers).</summary>
    private static byte[] Mutate(byte[] valid, RandomStream rng)
    {
        var b = new List<byte>(valid);
        int n = b.Count;
        int Position() => rng.NextInt(2) == 0 ? rng.NextInt(Math.Min(n, 160)) : rng.NextInt(n);
        switch (rng.NextInt(5))
        {
            case 0:
                for (int k = 0, flips = 1 + rng.NextInt(4); k < flips; k++)
                {
                    int i = Position();
                    b[i] = (byte)(b[i] ^ (1 << rng.NextInt(8)));
                }
                break;
            case 1:
                b = b.Take(rng.NextInt(n)).ToList();
                break;
            case 2:
            {
                int at = Position();
                b.RemoveRange(at, Math.Min(n - at, 1 + rng.NextInt(64)));
                break;
            }
            case 3:
            {
                int at = Position();
                b.InsertRange(Position(), b.GetRange(at, Math.Min(n - at, 1 + rng.NextInt(64))));
                break;
            }
            default:
            {
                var junk = new byte[1 + rng.NextInt(32)];
                for (int k = 0; k < junk.Length; k++)
                    junk[k] = (byte)rng.NextInt(256);
                b.InsertRange(Position(), junk);
                break;
            }
        }
        return b.ToArray();
    }
}
