using CrossbarLab.Reporting;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Reporting;

public class TrainingPlotsTests
{
    [Fact]
    public void RendersARealPng()
    {
        string path = Path.Combine(Path.GetTempPath(), $"crossbar-curve-{Guid.NewGuid():N}.png");
        try
        {
            var epochs = Enumerable.Range(1, 5).Select(e => new EpochRecord(e, 1.0 / e, 0.3 / e, 0.35 / e, 0.001, 0.1)).ToList();
            TrainingPlots.TrainingCurve(epochs, "test curve", path, 400, 300);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            // IHDR holds the size, big-endian, at bytes 16–23.
            Assert.Equal(400, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
            Assert.Equal(300, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
            Assert.True(bytes.Length > 5000, "a plot with axes, labels and three curves is not a blank image");
        }
        finally { File.Delete(path); }
    }
}
