using Microsoft.ML.OnnxRuntime;

namespace CrossbarLab.Tests.Interop;

/// <summary>Runs an ONNX model in ONNX Runtime (CPU) on raw 28×28 images.</summary>
internal static class OnnxRunner
{
    /// <summary>The named output for <paramref name="count"/> images (float32 pixels 0–255, 784 per image).</summary>
    public static float[] Run(byte[] model, float[] pixels, int count, string output = "logits", bool optimise = true)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = optimise
                ? GraphOptimizationLevel.ORT_ENABLE_ALL
                : GraphOptimizationLevel.ORT_DISABLE_ALL,
            IntraOpNumThreads = 2,
        };
        using var session = new InferenceSession(model, options);
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, 1, 28, 28]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, ["images"], [input], [output]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>The pixels of images as float32, 784 per image.</summary>
    public static float[] Pixels(byte[] images) => Array.ConvertAll(images, b => (float)b);
}
