using CrossbarLab.Reporting;

namespace CrossbarLab.Tests.Reporting;

public class LabelPlacementTests
{
    private static readonly LabelBox Bounds = new(0, 0, 1000, 1000);

    [Fact]
    public void ALoneLabelSitsRightOfItsMarkerCentredOnIt()
    {
        // Marker radius 4, so the gap is 6: the box starts 6 px right of the centre, half its height above it.
        var box = LabelPlacement.Place([(100, 200)], [(20, 10)], 4, Bounds).Single();
        Assert.Equal(new LabelBox(106, 195, 20, 10), box);
    }

    [Fact]
    public void TwoMarkersAtOnePointGetLabelsOnEitherSide()
    {
        var boxes = LabelPlacement.Place([(100, 200), (100, 200)], [(20, 10), (20, 10)], 4, Bounds);
        Assert.Equal(new LabelBox(106, 195, 20, 10), boxes[0]);
        // Right is taken, so the second goes left: 6 px left of the centre, minus its width.
        Assert.Equal(new LabelBox(74, 195, 20, 10), boxes[1]);
    }

    [Fact]
    public void ALabelAtTheRightEdgeStaysInside()
    {
        var box = LabelPlacement.Place([(995, 500)], [(20, 10)], 4, Bounds).Single();
        Assert.Equal(new LabelBox(969, 495, 20, 10), box);
    }

    [Fact]
    public void ACrowdOfMarkersGetsLabelsThatCoverNoLabelAndNoMarker()
    {
        // Nine markers 15 px apart on a line: every label finds a free place on one of the three rings.
        var anchors = Enumerable.Range(0, 9).Select(i => (X: 500.0 + 15 * i, Y: 500.0)).ToList();
        var sizes = anchors.Select(_ => (Width: 14.0, Height: 12.0)).ToList();
        var boxes = LabelPlacement.Place(anchors, sizes, 4, Bounds);
        for (int i = 0; i < boxes.Length; i++)
        {
            for (int j = 0; j < boxes.Length; j++)
            {
                if (i != j)
                    Assert.Equal(0, boxes[i].Overlap(boxes[j]));
                var marker = new LabelBox(anchors[j].X - 4, anchors[j].Y - 4, 8, 8);
                Assert.Equal(0, boxes[i].Overlap(marker));
            }
        }
    }
}
