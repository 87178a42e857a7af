using CrossbarLab;
using CrossbarLab.Experiments;

// The paper's experiment through the library: one configuration tree in, typed results out.
// Arguments (both optional): a configuration file (a run's config.json, or any part of one) and an output folder.
var config = args.Length > 0 ? ConfigFile.Load(args[0]) : RunConfig.Default.Quick();
string output = args.Length > 1 ? args[1] : Path.Combine("runs", "from-csharp");

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;      // Ctrl+C stops the run between training steps (rerun with Resume to continue)
    cancel.Cancel();
};
var progress = new CallbackProgress<ReproductionProgress>(p =>
{
    if (p.Done == p.Total) Console.WriteLine($"done: {p.Stage}");
});

var result = new Lab(config) { Overwrite = true }.Reproduce(output, progress, cancel.Token);

Console.WriteLine($"software baseline: {result.BaselineTestError:P2} test error; {result.Dies.Count} dies");
foreach (var (_, label, errors) in result.Methods)
{
    var summary = result.Summary(errors);
    Console.WriteLine($"{label}: mean {summary.Mean:P2}, std {summary.Std:P2} over the dies");
}
