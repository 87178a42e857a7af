using CrossbarLab.Compute;

namespace CrossbarLab.Tests.Compute;

public class WorkerPoolTests
{
    private sealed class CountingJob : IParallelJob
    {
        public readonly int[] Hits;
        public CountingJob(int n) => Hits = new int[n];
        public void Execute(int index) => Interlocked.Increment(ref Hits[index]);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 1)]
    [InlineData(3, 1000)]
    public void RunsEveryPieceExactlyOnce(int workers, int pieces)
    {
        var pool = new WorkerPool(workers);
        for (int round = 0; round < 20; round++)
        {
            var job = new CountingJob(pieces);
            pool.Run(job, pieces);
            Assert.All(job.Hits, h => Assert.Equal(1, h));
        }
    }

    [Fact]
    public void ConcurrentCallersBothComplete()
    {
        var pool = new WorkerPool(2);
        var jobs = Enumerable.Range(0, 4).Select(_ => new CountingJob(500)).ToArray();
        Parallel.ForEach(jobs, job => { for (int r = 0; r < 10; r++) pool.Run(job, 500); });
        Assert.All(jobs, j => Assert.All(j.Hits, h => Assert.Equal(10, h)));
    }
}
