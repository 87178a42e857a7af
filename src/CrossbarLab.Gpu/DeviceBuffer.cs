using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace CrossbarLab.Gpu;

/// <summary>
/// A device buffer that is kept between calls and grows when a call needs more: the span-based methods copy their
/// operands through these, so a training loop that calls with the same sizes allocates device memory once.
/// </summary>
/// <remarks>Capacity grows to the next power of two (at least <see cref="MinimumCapacity"/> elements), so a
/// sequence of growing requests reallocates O(log n) times. Contents do not survive a reallocation.</remarks>
internal sealed class DeviceBuffer<T> : IDisposable where T : unmanaged
{
    /// <summary>Smallest allocation, in elements.</summary>
    public const long MinimumCapacity = 256;

    private readonly Accelerator _accelerator;
    private readonly AllocationCounter _counter;
    private MemoryBuffer1D<T, Stride1D.Dense>? _buffer;

    /// <summary>Creates an empty buffer; <paramref name="counter"/> counts its allocations.</summary>
    public DeviceBuffer(Accelerator accelerator, AllocationCounter counter)
    {
        _accelerator = accelerator;
        _counter = counter;
    }

    /// <summary>Elements allocated now (0 before the first use).</summary>
    public long Capacity => _buffer?.Length ?? 0;

    /// <summary>A view of the first <paramref name="length"/> elements, growing the buffer if needed.</summary>
    public ArrayView<T> View(long length)
    {
        if (_buffer == null || _buffer.Length < length)
        {
            _buffer?.Dispose();
            long capacity = Math.Max(MinimumCapacity, (long)BitOperations.RoundUpToPowerOf2((ulong)length));
            _buffer = _accelerator.Allocate1D<T>(capacity);
            _counter.Count++;
        }
        return _buffer.View.SubView(0, length);
    }

    /// <summary>Copies <paramref name="data"/> into the first elements and returns their view.</summary>
    public ArrayView<T> Upload(ReadOnlySpan<T> data)
    {
        var view = View(data.Length);
        view.CopyFromCPU(data);
        return view;
    }

    /// <summary>Frees the device memory.</summary>
    public void Dispose()
    {
        _buffer?.Dispose();
        _buffer = null;
    }
}

/// <summary>Counts device allocations made by the <see cref="DeviceBuffer{T}"/>s of one owner.</summary>
internal sealed class AllocationCounter
{
    /// <summary>Allocations so far.</summary>
    public int Count { get; set; }
}
