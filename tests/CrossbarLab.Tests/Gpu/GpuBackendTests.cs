using CrossbarLab.Gpu;
using Xunit.Abstractions;

namespace CrossbarLab.Tests.Gpu;

[Collection(GpuCollection.Name)]
public class GpuBackendTests
{
    private readonly ITestOutputHelper _output;

    public GpuBackendTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void DescribeListsAtLeastTheCpuAccelerator()
    {
        var devices = GpuBackend.Describe();
        foreach (var device in devices)
            _output.WriteLine(device.ToString());
        Assert.Contains(devices, d => d.Kind == "CPU");
        Assert.All(devices, d => Assert.False(string.IsNullOrWhiteSpace(d.ToString())));
    }

    [Fact]
    public void WithoutCudaTheBackendIsRefusedUnlessTheCpuAcceleratorIsAllowed()
    {
        using var gpu = GpuBackend.TryCreate(allowCpuAccelerator: false, out string description);
        _output.WriteLine(description);
        Assert.False(string.IsNullOrWhiteSpace(description));
        if (GpuBackend.Describe().Any(d => d.Kind == "Cuda"))
        {
            Assert.NotNull(gpu);
            Assert.True(gpu.IsCuda);
            return;
        }
        Assert.Null(gpu);
        Assert.StartsWith("no CUDA device found", description);
    }

    [Fact]
    public void DeviceInfoPrintsKindNameMemoryAndCapability()
    {
        var info = new GpuDeviceInfo("Cuda", "NVIDIA H200", 141L << 30, "9.0");
        Assert.Equal("Cuda: NVIDIA H200 (141.0 GiB, compute capability 9.0)", info.ToString());
        var cpu = new GpuDeviceInfo("CPU", "CPUAccelerator", long.MaxValue, null);
        Assert.Equal("CPU: CPUAccelerator (host memory)", cpu.ToString());
    }
}
