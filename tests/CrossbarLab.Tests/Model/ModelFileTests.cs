using System.Text.Json.Nodes;
using CrossbarLab.Model;

namespace CrossbarLab.Tests.Model;

public class ModelFileTests
{
    private static readonly NetworkSpec Spec = new(4, 0.3, [6], 10, 0.2f);

    [Fact]
    public void RoundTripPreservesSpecAndEveryWeightBit()
    {
        var net = BinaryNetwork.Initialize(Spec, 3, 1f);
        var loaded = ModelFile.FromJson("m.json", ModelFile.ToJson(net));
        Assert.Equal(Spec.Shape, loaded.Spec.Shape);
        Assert.Equal(Spec.Threshold, loaded.Spec.Threshold);
        Assert.Equal(Spec.OutputScale, loaded.Spec.OutputScale);
        for (int l = 0; l < net.Weights.Length; l++) Assert.Equal(net.Weights[l], loaded.Weights[l]);
    }

    [Fact]
    public void SaveWritesAFileThatLoads()
    {
        string path = Path.Combine(Path.GetTempPath(), $"crossbar-model-{Guid.NewGuid():N}.json");
        try
        {
            var net = BinaryNetwork.Initialize(Spec, 4, 0.5f);
            ModelFile.Save(net, path);
            Assert.Equal(net.Weights[1], ModelFile.Load(path).Weights[1]);
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(path)}*")); // no temporary left behind
        }
        finally { File.Delete(path); }
    }

    /// <summary>A valid file changed by <paramref name="change"/>, its checksum recomputed (so the other checks are reached) unless <paramref name="reseal"/> is false.</summary>
    private static string Mutate(Action<JsonObject> change, bool reseal = true)
    {
        var root = JsonNode.Parse(ModelFile.ToJson(BinaryNetwork.Initialize(Spec, 3, 1f)))!.AsObject();
        change(root);
        if (reseal) CrossbarLab.IO.DocumentChecksum.Seal(root);
        return root.ToJsonString();
    }

    public static TheoryData<string, string, string> Damaged() => new()
    {
        { "empty", "", "not valid JSON" },
        { "garbage", "\u0001\u0002binary", "not valid JSON" },
        { "array", "[1, 2]", "JSON object" },
        { "other format", Mutate(o => o["format"] = "something.else"), "not a CrossbarLab model" },
        { "future version", Mutate(o => o["version"] = 99), "version 99" },
        { "version as text", Mutate(o => o["version"] = "one"), "wrong type" },
        { "missing spec", Mutate(o => o.Remove("spec")), "spec" },
        { "bad spec", Mutate(o => o["spec"]!["outputs"] = 7), "10 classes" },
        { "missing layer", Mutate(o => o["layers"]!.AsArray().RemoveAt(1)), "list of 2 layers" },
        { "wrong layer size", Mutate(o => o["layers"]![0]!["outputs"] = 5), "needs 16×6" },
        { "bad base64", Mutate(o => o["layers"]![0]!["weights"] = "@@@"), "base64" },
        { "short weights", Mutate(o => o["layers"]![0]!["weights"] = Convert.ToBase64String(new byte[8])), "expected 384" },
        { "NaN weight", Mutate(o => o["layers"]![1]!["weights"] = Convert.ToBase64String(Enumerable.Repeat(BitConverter.GetBytes(float.NaN), 60).SelectMany(b => b).ToArray())), "outside" },
        { "changed weight", Mutate(o => o["layers"]![1]!["weights"] = Convert.ToBase64String(Enumerable.Repeat(BitConverter.GetBytes(0.5f), 60).SelectMany(b => b).ToArray()), reseal: false), "checksum" },
        { "changed threshold", Mutate(o => o["spec"]!["threshold"] = 0.4, reseal: false), "checksum" },
        { "changed output scale", Mutate(o => o["spec"]!["output_scale"] = 0.5, reseal: false), "checksum" },
        { "checksum removed", Mutate(o => o.Remove("checksum"), reseal: false), "no checksum" },
        { "version 1", Mutate(o => o["version"] = 1), "version 1 is not supported" },
        { "weight out of range", Mutate(o => o["layers"]![1]!["weights"] = Convert.ToBase64String(Enumerable.Repeat(BitConverter.GetBytes(2f), 60).SelectMany(b => b).ToArray())), "outside" },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void DamagedFilesGiveClearErrors(string damage, string text, string expected)
    {
        var e = Assert.Throws<InvalidDataFileException>(() => ModelFile.FromJson("m.json", text));
        Assert.StartsWith("m.json: ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.NotEmpty(damage);
    }

    [Fact]
    public void MissingFileGivesClearError() =>
        Assert.Contains("not found", Assert.Throws<InvalidDataFileException>(() => ModelFile.Load("/nonexistent/model.json")).Message);
}
