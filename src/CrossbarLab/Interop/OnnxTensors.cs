using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace CrossbarLab.Interop;

/// <summary>Small helpers to make ONNX tensors, nodes and attributes, and to read float tensors back.</summary>
internal static class OnnxTensors
{
    /// <summary>ONNX element type FLOAT.</summary>
    public const int FloatType = 1;
    /// <summary>ONNX element type INT64.</summary>
    public const int Int64Type = 7;
    /// <summary>ONNX element type BOOL.</summary>
    public const int BoolType = 9;
    /// <summary>ONNX element type DOUBLE.</summary>
    public const int DoubleType = 11;

    /// <summary>A float32 tensor (little-endian raw data) named <paramref name="name"/>.</summary>
    public static TensorProto Floats(string name, ReadOnlySpan<float> data, params long[] dims) =>
        Tensor(name, FloatType, MemoryMarshal.AsBytes(data), dims);

    /// <summary>A float64 tensor (little-endian raw data).</summary>
    public static TensorProto Doubles(string name, ReadOnlySpan<double> data, params long[] dims) =>
        Tensor(name, DoubleType, MemoryMarshal.AsBytes(data), dims);

    /// <summary>An int64 tensor (little-endian raw data).</summary>
    public static TensorProto Int64s(string name, ReadOnlySpan<long> data, params long[] dims) =>
        Tensor(name, Int64Type, MemoryMarshal.AsBytes(data), dims);

    private static TensorProto Tensor(string name, int type, ReadOnlySpan<byte> raw, long[] dims)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("ONNX export runs on little-endian machines only.");
        var tensor = new TensorProto { Name = name, DataType = type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    /// <summary>A node of the default (ai.onnx) domain with one output.</summary>
    public static NodeProto Node(
        string op, string name, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float32 tensor value type with the given dimensions (a string is a symbolic dimension).</summary>
    public static ValueInfoProto FloatValue(string name, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (object d in dims)
        {
            var dim = new TensorShapeProto.Types.Dimension();
            if (d is string symbol)
                dim.DimParam = symbol;
            else
                dim.DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture);
            shape.Dim.Add(dim);
        }
        var tensorType = new TypeProto.Types.Tensor { ElemType = FloatType, Shape = shape };
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
