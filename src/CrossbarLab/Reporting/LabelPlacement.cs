namespace CrossbarLab.Reporting;

/// <summary>A label's box in pixels (y grows downwards, as in an image).</summary>
internal readonly record struct LabelBox(double Left, double Top, double Width, double Height)
{
    /// <summary>The area this box shares with <paramref name="other"/>.</summary>
    public double Overlap(LabelBox other)
    {
        double w = Math.Min(Left + Width, other.Left + other.Width) - Math.Max(Left, other.Left);
        double h = Math.Min(Top + Height, other.Top + other.Height) - Math.Max(Top, other.Top);
        return w > 0 && h > 0 ? w * h : 0;
    }

    /// <summary>
    /// The part of this box that lies outside <paramref name="bounds"/>: exactly 0 when it lies inside, which a
    /// difference of areas would miss by a rounding error.
    /// </summary>
    public double Outside(LabelBox bounds)
    {
        bool inside = Left >= bounds.Left && Top >= bounds.Top && Left + Width <= bounds.Left + bounds.Width
            && Top + Height <= bounds.Top + bounds.Height;
        return inside ? 0 : Width * Height - Overlap(bounds);
    }
}

/// <summary>
/// Puts a short label beside each marker of a scatter plot so that labels cover neither each other nor a marker, where
/// the space allows. Greedy and deterministic: markers in the order given, each label at the first free position of a
/// fixed list around its marker (right, left, above, below, the four diagonals; then the same twice and three times as
/// far), or, if none is free, at the position that covers least.
/// </summary>
internal static class LabelPlacement
{
    /// <summary>The label boxes for markers of radius <paramref name="radius"/> centred at <paramref name="anchors"/>.</summary>
    public static LabelBox[] Place(IReadOnlyList<(double X, double Y)> anchors,
        IReadOnlyList<(double Width, double Height)> sizes, double radius, LabelBox bounds)
    {
        var markers = anchors.Select(a => new LabelBox(a.X - radius, a.Y - radius, 2 * radius, 2 * radius)).ToArray();
        var placed = new LabelBox[anchors.Count];
        for (int i = 0; i < anchors.Count; i++)
        {
            var candidates = Candidates(anchors[i], sizes[i], radius + 2);
            double Covered(LabelBox box) =>
                markers.Sum(box.Overlap) + placed.Take(i).Sum(box.Overlap) + box.Outside(bounds);
            // MinBy keeps the first of equals: the first free position when there is one.
            placed[i] = candidates.MinBy(Covered);
        }
        return placed;
    }

    /// <summary>The positions tried for one label, nearest first.</summary>
    private static IEnumerable<LabelBox> Candidates((double X, double Y) at, (double Width, double Height) size,
        double gap)
    {
        var (w, h) = size;
        for (int ring = 1; ring <= 3; ring++)
        {
            double g = gap * ring;
            double d = g * 0.7;
            yield return new LabelBox(at.X + g, at.Y - h / 2, w, h);
            yield return new LabelBox(at.X - g - w, at.Y - h / 2, w, h);
            yield return new LabelBox(at.X - w / 2, at.Y - g - h, w, h);
            yield return new LabelBox(at.X - w / 2, at.Y + g, w, h);
            yield return new LabelBox(at.X + d, at.Y - d - h, w, h);
            yield return new LabelBox(at.X + d, at.Y + d, w, h);
            yield return new LabelBox(at.X - d - w, at.Y - d - h, w, h);
            yield return new LabelBox(at.X - d - w, at.Y + d, w, h);
        }
    }
}
