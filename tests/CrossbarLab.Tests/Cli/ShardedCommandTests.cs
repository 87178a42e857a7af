using CrossbarLab.Tests.Reliability;

namespace CrossbarLab.Tests.Cli;

/// <summary>
/// --shard, crossbar merge and crossbar slurm submit: refused input (one line, exit 1, nothing written) and the
/// scripts.
/// </summary>
[Collection("console")]
public class ShardedCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-sharded-cli").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    [Theory]
    [InlineData("sweep defect-rate --shard 4/4 --out OUT --data /tmp", "--shard 4/4: the shard index counts from 0")]
    [InlineData("sweep defect-rate --shard 0/0 --out OUT --data /tmp", "--shard 0/0: the number of shards must be")]
    [InlineData("sweep scenarios --shard two --out OUT --data /tmp", "--shard two: give the shard as I/N")]
    [InlineData("reproduce --shard 0/2 --data /tmp", "--shard needs --out")]
    [InlineData("sweep saturation --shard 0/2 --force --out OUT --data /tmp", "--force cannot be used with --shard")]
    [InlineData("sweep saturation --values 2,2 --shard 0/2 --out OUT --data /tmp", "--values 2,2: must not repeat")]
    [InlineData("merge OUT", "holds no config.json")]
    [InlineData("slurm submit --dry-run -- sweep scenarios --out OUT", "needs --shards N")]
    [InlineData("slurm submit --shards 0 --dry-run -- sweep scenarios --out OUT", "--shards 0: must be between 1")]
    [InlineData("slurm submit --shards 2 --time 1h --dry-run -- sweep scenarios --out OUT", "--time 1h: give minutes")]
    [InlineData("slurm submit --shards 2 --mem lots --dry-run -- sweep scenarios --out OUT", "--mem lots: give a size")]
    [InlineData("slurm submit --shards 2 --partition a;b --dry-run -- sweep scenarios --out OUT", "--partition a;b")]
    [InlineData("slurm submit --shards 2 --dry-run", "give the crossbar command to run in shards after --")]
    [InlineData("slurm submit --shards 2 --dry-run -- train --out OUT", "crossbar train cannot be run in shards")]
    [InlineData("slurm submit --shards 2 --dry-run -- sweep scenarios", "needs --out to run in shards")]
    [InlineData("slurm submit --shards 2 --dry-run -- sweep scenarios --out OUT --shard 0/2", "leave --shard out")]
    [InlineData("slurm submit --shards 2 --dry-run -- sweep scenarios --out OUT --force", "--force cannot be used")]
    [InlineData("slurm submit --shards 2 --dry-run -- sweep scenarios --out OUT --kk 3", "in the command to run: "
        + "unknown option '--kk'")]
    [InlineData("slurm submit --shards 2 --dry-run -- reproduce --dies 1 --out OUT", "--dies 1: a reproduction needs "
        + "at least 2 dies")]
    [InlineData("slurm submit --shards 2 --dry-run -- sweep scenarios --out OUT%x", "without spaces, quotes, "
        + "backslashes or '%'")]
    public void RefusedWithOneLineAndNothingWritten(string args, string expected)
    {
        string output = P("run");
        var (code, _, err) = CrossbarCliTests.Run(args.Replace("OUT", output).Split(' '));
        Assert.True(code == 1, $"{args}: exit code {code}, stderr: {err}");
        Assert.Contains(expected, err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(Directory.Exists(output), "nothing is written");
    }

    [Fact]
    public void MergeRefusesARunThatIsNotMadeOfWorkUnits()
    {
        var fab = CrossbarCliTests.Run("fab", "--dies", "1", "--network", "none", "--out", P("fab"));
        Assert.True(fab.Code == 0, fab.Err);
        var (code, _, err) = CrossbarCliTests.Run("merge", P("fab"));
        Assert.Equal(1, code);
        Assert.Contains("a run of crossbar fab is not made of work units", err);
        Assert.False(File.Exists(Path.Combine(P("fab"), "models")));
    }

    [Fact]
    public void ADryRunPrintsBothScriptsWithTheUsersCommandAndWritesNothing()
    {
        string output = P("grid");
        var (code, stdout, err) = CrossbarCliTests.Run("slurm", "submit", "--shards", "3", "--partition", "cpu",
            "--time", "1:00:00",
            "--cpus-per-task", "4", "--mem", "8G", "--dry-run", "--", "sweep", "scenarios", "--quick", "--out", output);
        Assert.True(code == 0, err);
        Assert.Contains($"# ---- {output}/slurm/shards.sh", stdout);
        Assert.Contains("#SBATCH --array=0-2", stdout);
        Assert.Contains($"#SBATCH --output={output}/slurm/logs/shard-%A_%a.out", stdout);
        Assert.Contains("#SBATCH --partition=cpu", stdout);
        Assert.Contains("#SBATCH --time=1:00:00", stdout);
        Assert.Contains("#SBATCH --cpus-per-task=4", stdout);
        Assert.Contains("#SBATCH --mem=8G", stdout);
        Assert.Contains("export DOTNET_PROCESSOR_COUNT=\"${SLURM_CPUS_PER_TASK:-4}\"", stdout);
        // The same crossbar as this one: here a .NET host runs crossbar.dll.
        Assert.Matches("exec '[^']*dotnet' ", stdout);
        Assert.Contains($" '{CrossbarProcess.Dll}' 'sweep' 'scenarios' '--quick' '--out' '{output}' --shard "
            + "\"${SLURM_ARRAY_TASK_ID}/3\"", stdout);
        Assert.Contains("#SBATCH --kill-on-invalid-dep=yes", stdout);
        Assert.Contains($"merge '{output}'", stdout);
        Assert.Contains("sbatch --parsable --dependency=afterok:ARRAY_JOB_ID", stdout);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void SubmittingWithoutSlurmSaysWhatIsMissing()
    {
        string output = P("nosbatch");
        var env = new Dictionary<string, string> { ["PATH"] = "/nonexistent" };
        var (code, _, err) = CrossbarProcess.Run(["slurm", "submit", "--shards", "2", "--", "sweep", "scenarios",
            "--out", output],
            environment: env);
        Assert.Equal(1, code);
        Assert.Contains("sbatch is not on PATH", err);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void AnArrayJobSbatchRefusesLeavesNoFolderBehind()
    {
        // A stand-in sbatch that refuses as Slurm does for an unknown partition.
        string bin = Directory.CreateDirectory(P("bin")).FullName;
        string sbatch = Path.Combine(bin, "sbatch");
        File.WriteAllText(sbatch, "#!/bin/sh\necho 'sbatch: error: invalid partition specified: nosuch' >&2\nexit 1\n");
        Posix.Executable(sbatch);
        string output = P("refused");
        var env = new Dictionary<string, string> { ["PATH"] = $"{bin}:/usr/bin:/bin" };
        var (code, _, err) = CrossbarProcess.Run(["slurm", "submit", "--shards", "2", "--partition", "nosuch", "--",
            "sweep", "scenarios", "--quick", "--out", output], environment: env);
        Assert.Equal(1, code);
        Assert.Contains("invalid partition", err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(Directory.Exists(output));

        // A folder that was there before the submission is not removed, whatever sbatch says.
        string existing = Directory.CreateDirectory(P("existing")).FullName;
        var again = CrossbarProcess.Run(["slurm", "submit", "--shards", "2", "--partition", "nosuch", "--",
            "sweep", "scenarios", "--quick", "--out", existing], environment: env);
        Assert.Equal(1, again.Code);
        Assert.True(Directory.Exists(existing));
    }

    [Fact]
    public void ARunFolderOfAnotherRunIsRefusedAtSubmission()
    {
        string output = P("other");
        var fab = CrossbarCliTests.Run("fab", "--dies", "1", "--network", "none", "--out", output);
        Assert.True(fab.Code == 0, fab.Err);
        var before = Directory.GetFiles(output, "*", SearchOption.AllDirectories).Order().ToList();
        var (code, _, err) = CrossbarCliTests.Run("slurm", "submit", "--shards", "2", "--dry-run", "--", "sweep",
            "scenarios",
            "--out", output);
        Assert.Equal(1, code);
        Assert.Contains("holds a run of crossbar fab, not of crossbar sweep scenarios", err);
        Assert.Equal(before, Directory.GetFiles(output, "*", SearchOption.AllDirectories).Order());
    }
}
