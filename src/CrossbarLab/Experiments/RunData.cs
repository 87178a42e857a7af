using CrossbarLab.Data;
using CrossbarLab.Model;

namespace CrossbarLab.Experiments;

/// <summary>MNIST as a run's network sees it.</summary>
public static class RunData
{
    /// <summary>The training and test sets with <paramref name="spec"/>'s preprocessing, from <paramref name="folder"/> (null: found).</summary>
    public static (EncodedSet Train, EncodedSet Test) Load(NetworkSpec spec, string? folder)
    {
        string found = Mnist.FindFolder(folder);
        var pre = spec.Preprocessing;
        return (pre.Apply(Mnist.LoadTrain(found)), pre.Apply(Mnist.LoadTest(found)));
    }

    /// <summary>The test set alone.</summary>
    public static EncodedSet LoadTest(NetworkSpec spec, string? folder) => spec.Preprocessing.Apply(Mnist.LoadTest(Mnist.FindFolder(folder)));
}
