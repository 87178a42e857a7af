namespace CrossbarLab.Data;

/// <summary>Grey-scale images (bytes 0–255, row-major, one image after another) with their class labels.</summary>
public sealed record ImageSet(int Count, int Rows, int Columns, byte[] Pixels, byte[] Labels)
{
    /// <summary>Pixels per image.</summary>
    public int PixelsPerImage => Rows * Columns;

    /// <summary>The first <paramref name="count"/> images (for quick runs and tests).</summary>
    public ImageSet Take(int count)
    {
        count = Math.Min(count, Count);
        return new ImageSet(count, Rows, Columns, Pixels.AsSpan(0, count * PixelsPerImage).ToArray(), Labels.AsSpan(0, count).ToArray());
    }
}
