using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using CrossbarLab.Data;
using CrossbarLab.Devices;
using CrossbarLab.Experiments;
using CrossbarLab.Hardware;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Issue 14, class 7: nothing is allocated on a size a file merely declares, no reader reads without a cap, and
/// combinations of settings whose memory exceeds a limit are refused with the configuration rather than hours into a
/// run. Oversized inputs are sparse files: the caps refuse them by their length, before reading a byte.
/// </summary>
[Trait(Hazard.Trait, Hazard.Allocation)]
public class AllocationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-alloc").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static byte[] IdxHeader(int images)
    {
        var bytes = new byte[16];
        bytes[2] = 0x08;
        bytes[3] = 3;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), images);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), 28);
        return bytes;
    }

    [Fact]
    public void APlainIdxFileIsCheckedAgainstItsLengthBeforeTheDataIsAllocated()
    {
        // 250,000 images of 28 × 28 = 196 MB declared, 10 bytes present.
        byte[] file = [.. IdxHeader(250_000), .. new byte[10]];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataFileException>(() => IdxFile.Parse("x.idx", new MemoryStream(file)));
        Assert.Contains("only 10 follow", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the declared size was allocated");
    }

    [Fact]
    public void ACompressedIdxFileGrowsItsBufferOnlyAsDataArrives()
    {
        string path = Path.Combine(_dir, "train-images-idx3-ubyte.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            gz.Write([.. IdxHeader(250_000), .. new byte[1000]]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataFileException>(() => IdxFile.Read(path));
        Assert.Contains("only 1,000 follow", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 8 << 20, "the declared size was allocated");
    }

    /// <summary>A sparse file of <paramref name="bytes"/> (takes no disk space).</summary>
    private string Sparse(string name, long bytes)
    {
        string path = Path.Combine(_dir, name);
        using var stream = File.Create(path);
        stream.WriteByte((byte)'{');
        stream.SetLength(bytes);
        return path;
    }

    public static TheoryData<string, long> OversizedFiles() => new()
    {
        { "die", DieFile.MaxBytes + 1 },
        { "checkpoint", Checkpoint.MaxBytes + 1 },
        { "statistics", DefectStatistics.MaxFileBytes + 1 },
        { "resistance map", ResistanceMap.MaxFileBytes(new ArrayGeometry(2, 25, 25, 12)) + 1 },
        { "history", HistoryFile.MaxBytes + 1 },
        { "model", ModelFile.MaxBytes + 1 },
        { "idx", IdxFile.MaxDataBytes + 1 },
    };

    [Theory]
    [MemberData(nameof(OversizedFiles))]
    public void EveryReaderRefusesAFileOverItsCapBeforeReadingIt(string reader, long bytes)
    {
        string path = Sparse($"{reader.Replace(' ', '-')}.json", bytes);
        var clock = Stopwatch.StartNew();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataFileException>(() => Read(reader, path));
        Assert.Contains("more than the", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, $"{reader}: the file was read");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{reader}: took {clock.Elapsed}");
    }

    /// <summary>Reads <paramref name="path"/> with the reader of <paramref name="format"/>.</summary>
    internal static void Read(string format, string path)
    {
        switch (format)
        {
            case "die": DieFile.Load(path); break;
            case "checkpoint": Checkpoint.ReadIntact(path); break;
            case "statistics": DefectStatistics.Load(path); break;
            case "resistance map": ResistanceMap.Import(path, new ArrayGeometry(2, 25, 25, 12), DeviceModel.SttMram); break;
            case "history": HistoryFile.Read(path, 1); break;
            case "model": ModelFile.Load(path); break;
            case "config": ConfigFile.Load(path); break;
            default: IdxFile.Read(path); break;
        }
    }

    private static RunConfig Config(string command) => RunConfig.Default.ForCommand(command);

    [Fact]
    public void AStepWhoseBuffersExceedTheMemoryLimitIsRefusedWithTheConfiguration()
    {
        // The large network with K = 4,096 instances of 100 samples: about 5 GiB of activations alone.
        var config = Config("bench") with { Network = NetworkSpec.Large, Bench = BenchSettings.Default with { InstanceCounts = [4096] } };
        var e = Assert.Throws<InvalidConfigurationException>(config.Validate);
        Assert.Equal("bench.instance_counts", e.Setting);
        Assert.Contains("GiB", e.Message);
    }

    [Fact]
    public void APoolOfDefectMapsBeyondTheMemoryLimitIsRefused()
    {
        var train = Config("train");
        var config = train with
        {
            Network = NetworkSpec.Large,
            Training = train.Training with { Regime = Regime.StatisticsAware, Pool = 1_000_000 },
        };
        var e = Assert.Throws<InvalidConfigurationException>(config.Validate);
        Assert.Equal("training.pool", e.Setting);
    }

    [Fact]
    public void APopulationBeyondTheMemoryLimitIsRefused()
    {
        var fab = Config("fab");
        var config = fab with
        {
            Network = null,
            Array = new ArrayGeometry(64, 512, 512, 12),
            Experiment = fab.Experiment with { Dies = 10_000 },
        };
        var e = Assert.Throws<InvalidConfigurationException>(config.Validate);
        Assert.Equal("experiment.dies", e.Setting);
    }
}
