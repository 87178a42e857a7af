namespace CrossbarLab.Compute;

/// <summary>A unit of parallel work split into numbered, independent pieces.</summary>
internal interface IParallelJob
{
    /// <summary>Runs piece <paramref name="index"/>; pieces may run in any order on any thread.</summary>
    void Execute(int index);
}

/// <summary>
/// A fixed set of worker threads that run the pieces of an <see cref="IParallelJob"/> without allocating, so the
/// training loop creates no garbage (Parallel.For allocates closures and tasks on every call).
/// </summary>
/// <remarks>Results never depend on which thread runs a piece, so parallel and sequential runs are bit-identical.
/// A call made while the pool is busy (from another thread, or nested) runs its pieces on the calling thread.</remarks>
internal sealed class WorkerPool
{
    /// <summary>The process-wide pool, one worker per core besides the caller.</summary>
    public static WorkerPool Shared { get; } = new(Environment.ProcessorCount - 1);

    private readonly object _gate = new();
    private readonly SemaphoreSlim _start = new(0);
    private readonly ManualResetEventSlim _done = new(false);
    private readonly int _workers;
    private IParallelJob? _job;
    private int _count, _next, _pending;

    /// <summary>Threads that take part in a run, the caller included.</summary>
    public int Parallelism => _workers + 1;

    /// <summary>Starts <paramref name="workers"/> background threads.</summary>
    public WorkerPool(int workers)
    {
        _workers = Math.Max(0, workers);
        for (int w = 0; w < _workers; w++)
            new Thread(WorkerLoop) { IsBackground = true, Name = $"crossbar-worker-{w}" }.Start();
    }

    /// <summary>Runs pieces 0 … count−1 of <paramref name="job"/> and returns when all are done.</summary>
    public void Run(IParallelJob job, int count)
    {
        if (count <= 1 || _workers == 0 || !Monitor.TryEnter(_gate))
        {
            for (int i = 0; i < count; i++) job.Execute(i);
            return;
        }
        try
        {
            _job = job; _count = count; _next = 0; _pending = _workers;
            _done.Reset();
            _start.Release(_workers);
            Drain();
            _done.Wait();
            _job = null;
        }
        finally { Monitor.Exit(_gate); }
    }

    private void WorkerLoop()
    {
        while (true)
        {
            _start.Wait();
            Drain();
            if (Interlocked.Decrement(ref _pending) == 0) _done.Set();
        }
    }

    private void Drain()
    {
        var job = _job!;
        int i;
        while ((i = Interlocked.Increment(ref _next) - 1) < _count) job.Execute(i);
    }
}
