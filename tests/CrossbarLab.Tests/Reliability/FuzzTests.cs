using System.Buffers.Binary;
using CrossbarLab.Data;
using CrossbarLab.Devices;
using CrossbarLab.Hardware;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Feeds random mutations of valid files to every reader for a bounded number of iterations and asserts that only clean
/// errors (<see cref="CrossbarLabException"/>) come out — never another exception, a hang or a crash. Prints how many
/// damaged inputs each format was given and how they ended.
/// </summary>
public class FuzzTests
{
    private const int Mutations = 250;
    private static readonly string Dir = Directory.CreateTempSubdirectory("crossbar-fuzz").FullName;

    private static byte[] ValidIdx()
    {
        var bytes = new byte[16 + 4 * 5 * 5];
        bytes[2] = 0x08; bytes[3] = 3;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 4);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 5);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), 5);
        return bytes;
    }

    private static readonly ArrayGeometry Small = new(2, 6, 6, 12);
    private static Die SmallDie() => new Fab(new DefectStatistics(0.05, 0.02, 0.02, 0.02, 0, 0, 0.05, 0.05), DeviceModel.SttMram, Small).MakeDie(0, 1);

    public static TheoryData<string> Formats() => new() { "idx", "model", "die", "resistance-csv", "statistics", "checkpoint" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void RandomMutationsGiveOnlyCleanErrors(string format)
    {
        var (valid, read) = Reader(format);
        read(valid); // the unmutated file is accepted
        var rng = new RandomStream(77, "fuzz-" + format);
        int clean = 0, accepted = 0;
        for (int i = 0; i < Mutations; i++)
        {
            var damaged = Mutate(valid, rng);
            try { read(damaged); accepted++; }
            catch (CrossbarLabException) { clean++; }
            catch (Exception e) { Assert.Fail($"{format}, mutation {i}: {e.GetType().Name}: {e.Message}"); }
        }
        Console.WriteLine($"reliability: {format}: {Mutations} mutated inputs, {clean} clean errors, {accepted} still valid, 0 crashes");
        Assert.Equal(Mutations, clean + accepted);
        Assert.True(clean > Mutations / 4, $"{format}: the mutations should mostly break the file ({clean} broke it)");
    }

    private static (byte[] Valid, Action<byte[]> Read) Reader(string format)
    {
        string path = Path.Combine(Dir, $"{format}-{Guid.NewGuid():N}");
        void ReadFile(byte[] bytes, Action<string> reader) { File.WriteAllBytes(path, bytes); reader(path); }
        switch (format)
        {
            case "idx": return (ValidIdx(), b => IdxFile.Parse("fuzz.idx", new MemoryStream(b)));
            case "model":
                return (System.Text.Encoding.UTF8.GetBytes(ModelFile.ToJson(BinaryNetwork.Initialize(new NetworkSpec(3, 0.5, [4], 10, 0.2f), 1, 1f))),
                    b => ModelFile.FromJson("fuzz.json", System.Text.Encoding.UTF8.GetString(b)));
            case "die":
                return (System.Text.Encoding.UTF8.GetBytes(DieFile.ToJson(SmallDie()).ToJsonString()), b => DieFile.FromJson("fuzz.json", System.Text.Encoding.UTF8.GetString(b)));
            case "resistance-csv":
            {
                string csv = Path.Combine(Dir, $"valid-{Guid.NewGuid():N}.csv");
                ResistanceMap.Export(SmallDie(), csv);
                return (File.ReadAllBytes(csv), b => ReadFile(b, p => ResistanceMap.Import(p, Small, DeviceModel.SttMram)));
            }
            case "statistics":
                return (System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(DefectStatistics.Reference, CrossbarLab.IO.JsonConventions.Options)), b => ReadFile(b, p => DefectStatistics.Load(p)));
            default:
            {
                var spec = new NetworkSpec(3, 0.5, [4], 10, 0.2f);
                var options = new TrainingOptions(Epochs: 1);
                var net = BinaryNetwork.Initialize(spec, 1, 1f);
                string ckpt = Path.Combine(Dir, $"valid-{Guid.NewGuid():N}.json");
                new Checkpoint(spec, options, 1, net, new Adam(net.Weights, 0.9f, 0.999f, 1e-8f), []).Save(ckpt, "software: no defects");
                return (File.ReadAllBytes(ckpt), b => ReadFile(b, p => Checkpoint.Load(p, spec, options, 1, "software: no defects")));
            }
        }
    }

    /// <summary>One random damage: flip bytes, truncate, cut a chunk out, duplicate a chunk, insert garbage, or swap a digit.</summary>
    private static byte[] Mutate(byte[] valid, RandomStream rng)
    {
        var b = new List<byte>(valid);
        int n = b.Count;
        switch (rng.NextInt(6))
        {
            case 0: for (int k = 0, flips = 1 + rng.NextInt(4); k < flips; k++) { int i = rng.NextInt(n); b[i] = (byte)(b[i] ^ (1 << rng.NextInt(8))); } break;
            case 1: b = b.Take(rng.NextInt(n)).ToList(); break; // truncation
            case 2: { int at = rng.NextInt(n), len = Math.Min(n - at, 1 + rng.NextInt(64)); b.RemoveRange(at, len); break; }
            case 3: { int at = rng.NextInt(n), len = Math.Min(n - at, 1 + rng.NextInt(64)); b.InsertRange(rng.NextInt(n), b.GetRange(at, len)); break; }
            case 4: { var junk = new byte[1 + rng.NextInt(32)]; for (int k = 0; k < junk.Length; k++) junk[k] = (byte)rng.NextInt(256); b.InsertRange(rng.NextInt(n), junk); break; }
            default:
            {
                var digits = Enumerable.Range(0, n).Where(i => b[i] is >= (byte)'0' and <= (byte)'9').ToList();
                if (digits.Count == 0) goto case 0;
                int i = digits[rng.NextInt(digits.Count)];
                b[i] = "0123456789-.eE"u8[rng.NextInt(14)];
                break;
            }
        }
        return b.ToArray();
    }
}
