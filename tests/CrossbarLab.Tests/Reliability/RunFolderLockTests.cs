using System.Diagnostics;
using CrossbarLab.IO;

namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Issue 14, class 2: a run folder has one owner. Real processes contend for a folder: the second is refused with the
/// holder's process id, a holder killed with SIGKILL leaves a lock that the next run takes over and reports, and the
/// shards of one run may share a folder (shared lock, one claim per work unit) while exclusive runs stay out.
/// </summary>
[Collection("console")]
[Trait(Hazard.Trait, Hazard.Ownership)]
public class RunFolderLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-lock").FullName;
    public void Dispose() => Directory.Delete(_dir, true);
    private string P(string name) => Path.Combine(_dir, name);

    /// <summary>A crossbar process that holds <paramref name="folder"/> for several seconds (no MNIST needed).</summary>
    private static Process Holder(string folder) =>
        CrossbarProcess.StartDrained("bench", "--seconds", "1", "--k", "8", "--out", folder);

    private static void WaitForLock(string folder, Process holder)
    {
        string lockFile = Path.Combine(folder, RunDirectory.LockFileName);
        bool locked = CrossbarProcess.WaitFor(
            // Read without locking: .NET's own reader would ask for a shared lock, which the holder's excludes.
            () => holder.HasExited || FileLock.ReadRecord(lockFile)?.Contains($"pid {holder.Id}") == true,
            TimeSpan.FromMinutes(1));
        Assert.True(locked && !holder.HasExited, "the holder did not take the folder");
    }

    [Fact]
    public void ASecondProcessOnTheSameFolderIsRefusedWithTheHoldersProcessId()
    {
        string folder = P("run");
        using var holder = Holder(folder);
        WaitForLock(folder, holder);
        var second = CrossbarProcess.Run(["fab", "--dies", "1", "--network", "none", "--force", "--out", folder]);
        Cli.AssertUserError(second, $"is in use by process {holder.Id}");
        Assert.False(File.Exists(Path.Combine(folder, "die-00.json")), "the refused process wrote into the folder");
        holder.WaitForExit();
        Assert.Equal(0, holder.ExitCode);
        // Released on exit: the lock file is gone and the folder is free again.
        Assert.False(File.Exists(Path.Combine(folder, RunDirectory.LockFileName)));
        Assert.Equal(0, CrossbarProcess.Run(["fab", "--dies", "1", "--network", "none", "--force", "--out", folder]).Code);
    }

    [Fact]
    public void ALockLeftByAKilledProcessIsTakenOverAndReported()
    {
        string folder = P("killed");
        int pid;
        using (var holder = Holder(folder))
        {
            WaitForLock(folder, holder);
            pid = holder.Id;
            holder.Kill(entireProcessTree: true);
            holder.WaitForExit();
        }
        Assert.True(File.Exists(Path.Combine(folder, RunDirectory.LockFileName)), "SIGKILL leaves the lock file");
        var next = CrossbarProcess.Run(["fab", "--dies", "1", "--network", "none", "--force", "--out", folder]);
        Assert.True(next.Code == 0, next.Err);
        Assert.Contains($"was held by process {pid}", next.Err);
        Assert.Contains("ended without releasing it", next.Err);
        Assert.False(File.Exists(Path.Combine(folder, RunDirectory.LockFileName)));
    }

    [Fact]
    public void TwoRunsInOneProcessExcludeEachOtherToo()
    {
        using var first = RunDirectory.Prepare(P("same"), force: false);
        var e = Assert.Throws<InvalidConfigurationException>(() => RunDirectory.Prepare(P("same"), force: true));
        Assert.Equal(RunDirectory.OutDir, e.Setting);
        Assert.Contains($"process {Environment.ProcessId}", e.Message);
    }

    [Fact]
    public void ShardsShareAFolderAndKeepExclusiveRunsOut()
    {
        using (var a = RunDirectory.PrepareShared(P("shards")))
        using (var b = RunDirectory.PrepareShared(P("shards")))
        {
            Assert.True(a.Shared && b.Shared);
            var e = Assert.Throws<InvalidConfigurationException>(() => RunDirectory.Prepare(P("shards"), force: true));
            Assert.Contains("in use by the shards of a run", e.Message);
        }
        // The last shard out removed the lock; an exclusive run now takes the folder, and shards must wait for it.
        Assert.False(File.Exists(Path.Combine(P("shards"), RunDirectory.LockFileName)));
        using var exclusive = RunDirectory.Prepare(P("shards"), force: true);
        var refused = Assert.Throws<InvalidConfigurationException>(() => RunDirectory.PrepareShared(P("shards")));
        Assert.Contains($"process {Environment.ProcessId}", refused.Message);
    }

    [Fact]
    public void AWorkUnitIsClaimedByOneShardAtATime()
    {
        using var a = RunDirectory.PrepareShared(P("units"));
        using var b = RunDirectory.PrepareShared(P("units"));
        using (var claim = UnitLock.TryAcquire(a, "statistics-aware"))
        {
            Assert.NotNull(claim);
            Assert.Null(UnitLock.TryAcquire(b, "statistics-aware"));
            Assert.NotNull(UnitLock.TryAcquire(b, "software"));
        }
        using var again = UnitLock.TryAcquire(b, "statistics-aware");
        Assert.NotNull(again);
        Assert.False(again!.TakenOver);
        Assert.Throws<ArgumentException>(() => UnitLock.TryAcquire(a, "../escape"));
    }

    [Fact]
    public async Task AFolderWhoseLockFileIsReplacedUnderAWaitingProcessIsNotHeldTwice()
    {
        // The holder removes its lock file on release; a process that opened the old file before that must not
        // believe it holds the folder while a third process locks the new file.
        string folder = P("race");
        for (int i = 0; i < 50; i++)
        {
            var first = RunDirectory.Prepare(folder, force: true);
            first.BeginWriting();
            var contender = Task.Run(() => TryPrepare(folder));
            first.Dispose();
            using var third = await Task.Run(() => TryPrepare(folder));
            using var second = await contender;
            Assert.False(second != null && third != null, "two runs hold the same folder");
            second?.BeginWriting();
            third?.BeginWriting();
        }
    }

    private static RunDirectory? TryPrepare(string folder)
    {
        try
        {
            return RunDirectory.Prepare(folder, force: true);
        }
        catch (InvalidConfigurationException)
        {
            return null;
        }
    }
}
