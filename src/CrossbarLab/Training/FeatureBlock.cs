namespace CrossbarLab.Training;

/// <summary>
/// One instance's block of a feature-major matrix: row f is <c>Data[Column + f·Stride .. + Length)</c>, the values of
/// feature f for the instance's samples. <see cref="Backprop"/> keeps every layer feature-major, so each defective
/// cell's correction and each per-cell product is one contiguous vector operation and no block is ever transposed.
/// </summary>
internal readonly struct FeatureBlock(float[] data, int stride, int column, int length)
{
    /// <summary>The buffer holding the block.</summary>
    public float[] Data { get; } = data;

    /// <summary>Distance between the starts of consecutive rows.</summary>
    public int Stride { get; } = stride;

    /// <summary>Where row 0 starts.</summary>
    public int Column { get; } = column;

    /// <summary>Samples per row.</summary>
    public int Length { get; } = length;

    /// <summary>Feature f's values.</summary>
    public Span<float> Row(int feature) => Data.AsSpan(Column + feature * Stride, Length);
}
