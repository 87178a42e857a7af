using System.Runtime.InteropServices;
using Onnx;

namespace CrossbarLab.Interop;

/// <summary>
/// The constant tensors of a graph (initializers and Constant nodes) by name, read as float32 with their shapes
/// checked.
/// Tensors whose data lives in an external file, sparse tensors and element types other than float/double are refused.
/// </summary>
internal sealed class OnnxConstants
{
    private readonly Dictionary<string, TensorProto> _tensors = new(StringComparer.Ordinal);
    private readonly string _path;

    public OnnxConstants(string path) => _path = path;

    /// <summary>Whether <paramref name="name"/> is a constant.</summary>
    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <summary>The raw tensor called <paramref name="name"/>.</summary>
    public TensorProto this[string name] => _tensors[name];

    /// <summary>Adds a constant, refusing external data and a repeated name.</summary>
    public void Add(string name, TensorProto tensor)
    {
        bool external = tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0;
        if (external)
            throw Fail(
                $"tensor '{name}' keeps its data in an external file; CrossbarLab reads only self-contained models " +
                "(export with the weights embedded).");
        if (!_tensors.TryAdd(name, tensor))
            throw Fail($"the constant '{name}' is defined twice.");
    }

    /// <summary>The dimensions of constant <paramref name="name"/>, checked to be non-negative.</summary>
    public long[] Dims(string name)
    {
        var dims = _tensors[name].Dims.ToArray();
        if (dims.Any(d => d < 0))
            throw Fail($"tensor '{name}' has a negative dimension.");
        return dims;
    }

    /// <summary>The values of float or double constant <paramref name="name"/> as float32, checked finite.</summary>
    public float[] Floats(string name, string role)
    {
        var tensor = _tensors[name];
        long count = 1;
        foreach (long d in Dims(name))
        {
            count = d == 0 || count <= InteropLimits.MaxArrayBytes / d ? count * d : long.MaxValue;
            if (count > InteropLimits.MaxArrayBytes / 4)
                throw Fail(
                    $"tensor '{name}' ({role}) declares more elements than the {InteropLimits.MaxArrayBytes:N0} " +
                    "bytes allowed.");
        }
        float[] values = tensor.DataType switch
        {
            OnnxTensors.FloatType => FloatData(tensor, name, role, count),
            OnnxTensors.DoubleType => Array.ConvertAll(DoubleData(tensor, name, role, count), v => (float)v),
            _ => throw Fail(
                $"tensor '{name}' ({role}) has ONNX element type {tensor.DataType}; float32 or float64 was expected."),
        };
        int bad = FiniteValues.IndexOfNonFinite(values);
        if (bad >= 0)
            throw Fail(
                $"tensor '{name}' ({role}) element {bad} is {FiniteValues.Describe(values[bad])}; every value must " +
                "be a finite number.");
        return values;
    }

    /// <summary>The single value of a scalar (or one-element) float constant.</summary>
    public float Scalar(string name, string role)
    {
        var values = Floats(name, role);
        if (values.Length != 1)
            throw Fail($"tensor '{name}' ({role}) has {values.Length} elements; a single number was expected.");
        return values[0];
    }

    private float[] FloatData(TensorProto tensor, string name, string role, long count)
    {
        if (!tensor.RawData.IsEmpty)
        {
            if (tensor.RawData.Length != count * 4)
                throw Mismatch(name, role, count, tensor.RawData.Length / 4);
            return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
        }
        if (tensor.FloatData.Count != count)
            throw Mismatch(name, role, count, tensor.FloatData.Count);
        return tensor.FloatData.ToArray();
    }

    private double[] DoubleData(TensorProto tensor, string name, string role, long count)
    {
        if (!tensor.RawData.IsEmpty)
        {
            if (tensor.RawData.Length != count * 8)
                throw Mismatch(name, role, count, tensor.RawData.Length / 8);
            return MemoryMarshal.Cast<byte, double>(tensor.RawData.Span).ToArray();
        }
        if (tensor.DoubleData.Count != count)
            throw Mismatch(name, role, count, tensor.DoubleData.Count);
        return tensor.DoubleData.ToArray();
    }

    private InvalidDataFileException Mismatch(string name, string role, long declared, long held) =>
        Fail($"tensor '{name}' ({role}) declares {declared:N0} elements by its shape but holds {held:N0}.");

    private InvalidDataFileException Fail(string problem) => new(_path, problem);
}
