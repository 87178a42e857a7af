using CrossbarLab.Data;
using CrossbarLab.Model;
using CrossbarLab.Results;

namespace CrossbarLab.Experiments;

/// <summary>A model an analysis compares: its label in figures and JSON, where it came from, and the test set its preprocessing gives.</summary>
/// <param name="Label">Name in legends and JSON.</param>
/// <param name="Path">Model file it was loaded from (empty for a model handed over in memory).</param>
/// <param name="Network">The network.</param>
/// <param name="Test">MNIST test set preprocessed as this network expects.</param>
public sealed record AnalyzedModel(string Label, string Path, BinaryNetwork Network, EncodedSet Test)
{
    /// <summary>
    /// Loads model files and the MNIST test set once per preprocessing among them. Labels come from <paramref name="labels"/>
    /// when given (one per model), else from the file: a run's model.json is named after its run folder, any other file
    /// after its name; repeated labels get a suffix #2, #3, ….
    /// </summary>
    public static List<AnalyzedModel> Load(IReadOnlyList<string> paths, IReadOnlyList<string>? labels, string? dataFolder)
    {
        if (paths.Count == 0)
            throw new InvalidConfigurationException($"{InputFiles.Section}.models", null, "give at least one model file to analyse.");
        if (labels != null && labels.Count != paths.Count)
            throw new InvalidConfigurationException($"{InputFiles.Section}.labels", labels,
                $"names {labels.Count} models but {paths.Count} model files were given.");
        var tests = new Dictionary<Preprocessing, EncodedSet>();
        var seen = new Dictionary<string, int>();
        var result = new List<AnalyzedModel>();
        for (int i = 0; i < paths.Count; i++)
        {
            var network = ModelFile.Load(paths[i]);
            var pre = network.Spec.Preprocessing;
            if (!tests.TryGetValue(pre, out var test)) tests[pre] = test = pre.Apply(Mnist.LoadTest(Mnist.FindFolder(dataFolder)));
            string label = labels?[i] ?? DefaultLabel(paths[i]);
            seen[label] = seen.GetValueOrDefault(label) + 1;
            if (seen[label] > 1) label += $" #{seen[label]}";
            result.Add(new AnalyzedModel(label, System.IO.Path.GetFullPath(paths[i]), network, test));
        }
        return result;
    }

    internal static string DefaultLabel(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetFileName(full) == "model.json")
        {
            string? folder = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(full));
            if (!string.IsNullOrEmpty(folder)) return folder;
        }
        return System.IO.Path.GetFileNameWithoutExtension(full);
    }

    /// <summary>Label, path and shape of each model, as results list them.</summary>
    public static IReadOnlyList<AnalyzedModelInfo> Info(IEnumerable<AnalyzedModel> models) =>
        models.Select(m => new AnalyzedModelInfo(m.Label, m.Path, m.Network.Spec.Shape)).ToList();

    /// <summary>The label made safe for a file name (letters, digits, '-', '_').</summary>
    public string FileStem => new(Label.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
}
