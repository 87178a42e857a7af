namespace CrossbarLab.Data;

/// <summary>How raw images become network inputs: area-average downsampling to Size×Size, a threshold, and an encoding.</summary>
/// <param name="Size">Side of the downsampled image in pixels (28 keeps MNIST's resolution).</param>
/// <param name="Threshold">Intensity in [0, 1] (fraction of full scale) at or above which a downsampled pixel is on.</param>
/// <param name="Encoding">The values of on and off pixels: ±1 or 1/0.</param>
public sealed record Preprocessing(int Size, double Threshold, InputEncoding Encoding = InputEncoding.PlusMinusOne)
{
    /// <summary>Checks the values; throws <see cref="InvalidConfigurationException"/> naming the bad one.</summary>
    public void Validate(int sourceRows, int sourceColumns)
    {
        if (Size < 1 || Size > Math.Min(sourceRows, sourceColumns))
            throw new InvalidConfigurationException($"image size {Size} must be between 1 and the source size {Math.Min(sourceRows, sourceColumns)} (downsampling only).");
        if (!(Threshold >= 0 && Threshold <= 1))
            throw new InvalidConfigurationException($"binarisation threshold {Threshold} must be a fraction in [0, 1].");
    }

    /// <summary>Downsamples, binarises and encodes every image of the set.</summary>
    public EncodedSet Apply(ImageSet images)
    {
        Validate(images.Rows, images.Columns);
        int features = Size * Size;
        var grey = new float[features];
        var inputs = new float[images.Count * features];
        for (int i = 0; i < images.Count; i++)
        {
            Downsample(images.Pixels.AsSpan(i * images.PixelsPerImage, images.PixelsPerImage), images.Rows, images.Columns, Size, grey);
            Binarise(grey, (float)Threshold, inputs.AsSpan(i * features, features), Encoding.Off());
        }
        return new EncodedSet(images.Count, features, inputs, images.Labels, Encoding);
    }

    /// <summary>
    /// Area-average downsampling: output pixel (i, j) is the mean intensity (scaled to [0, 1]) of the source area
    /// [i·r, (i+1)·r) × [j·c, (j+1)·c) with r = rows/size, c = columns/size, source pixels weighted by their overlap with that area
    /// (so 28 → 10 works although 2.8 is not an integer).
    /// </summary>
    public static void Downsample(ReadOnlySpan<byte> image, int rows, int columns, int size, Span<float> output)
    {
        double rowStep = (double)rows / size, colStep = (double)columns / size;
        for (int i = 0; i < size; i++)
        {
            double r0 = i * rowStep, r1 = r0 + rowStep;
            for (int j = 0; j < size; j++)
            {
                double c0 = j * colStep, c1 = c0 + colStep, sum = 0;
                for (int r = (int)r0; r < Math.Min(rows, (int)Math.Ceiling(r1)); r++)
                {
                    double wr = Math.Min(r + 1, r1) - Math.Max(r, r0);
                    if (wr <= 0) continue;
                    for (int c = (int)c0; c < Math.Min(columns, (int)Math.Ceiling(c1)); c++)
                    {
                        double wc = Math.Min(c + 1, c1) - Math.Max(c, c0);
                        if (wc > 0) sum += wr * wc * image[r * columns + c];
                    }
                }
                output[i * size + j] = (float)(sum / (rowStep * colStep * 255.0));
            }
        }
    }

    /// <summary>+1 where intensity ≥ threshold, <paramref name="off"/> (−1 or 0) elsewhere.</summary>
    public static void Binarise(ReadOnlySpan<float> intensities, float threshold, Span<float> output, float off = -1f)
    {
        for (int k = 0; k < intensities.Length; k++) output[k] = intensities[k] >= threshold ? 1f : off;
    }
}

/// <summary>Network-ready data: encoded inputs (row-major, one sample per row), their bit-packed form (1 = on), and labels.</summary>
public sealed class EncodedSet
{
    /// <summary>Number of samples.</summary>
    public int Count { get; }
    /// <summary>Inputs per sample.</summary>
    public int Features { get; }
    /// <summary>Encoded inputs (±1, or 1/0), Count × Features.</summary>
    public float[] Inputs { get; }
    /// <summary>Inputs packed with <see cref="BitPacking.PackRows"/>, Count × WordsPerSample.</summary>
    public ulong[] Packed { get; }
    /// <summary>64-bit words per packed sample.</summary>
    public int WordsPerSample { get; }
    /// <summary>Class labels 0–9.</summary>
    public byte[] Labels { get; }
    /// <summary>How the inputs are encoded.</summary>
    public InputEncoding Encoding { get; }

    /// <summary>The first <paramref name="count"/> samples (for calibration sets and quick runs).</summary>
    public EncodedSet Take(int count)
    {
        count = Math.Clamp(count, 0, Count);
        return new EncodedSet(count, Features, Inputs.AsSpan(0, count * Features).ToArray(), Labels.AsSpan(0, count).ToArray(), Encoding);
    }

    /// <summary>Wraps encoded inputs and packs them.</summary>
    public EncodedSet(int count, int features, float[] inputs, byte[] labels, InputEncoding encoding = InputEncoding.PlusMinusOne)
    {
        Count = count; Features = features; Inputs = inputs; Labels = labels; Encoding = encoding;
        WordsPerSample = BitPacking.WordsFor(features);
        Packed = new ulong[count * WordsPerSample];
        BitPacking.PackRows(inputs, count, features, Packed, encoding.Middle());
    }
}
