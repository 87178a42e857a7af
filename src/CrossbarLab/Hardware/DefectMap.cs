namespace CrossbarLab.Hardware;

/// <summary>
/// Which device of a die failed and how: a point defect kind per device, plus whole failed lines (a broken row line
/// of one tile, or a broken column line), every device of which passes no current.
/// </summary>
public sealed class DefectMap
{
    private readonly byte[] _pointDefects;
    private readonly DefectKind[] _effective;

    /// <summary>The array the map belongs to.</summary>
    public ArrayGeometry Geometry { get; }

    /// <summary>Failed row lines, as tile·TileRows + row, ascending.</summary>
    public IReadOnlyList<int> FailedRowLines { get; }

    /// <summary>Failed column lines, as die-grid columns, ascending.</summary>
    public IReadOnlyList<int> FailedColumnLines { get; }

    /// <summary>Builds a map from per-device point defects and failed lines (checked against the geometry).</summary>
    public DefectMap(ArrayGeometry geometry, byte[] pointDefects, IEnumerable<int>? failedRowLines = null, IEnumerable<int>? failedColumnLines = null)
    {
        if (pointDefects.Length != geometry.DeviceCount)
            throw new ArgumentException($"Defect map has {pointDefects.Length} entries for {geometry.DeviceCount} devices.");
        int bad = Array.FindIndex(pointDefects, k => k > (byte)DefectKind.StuckAntiparallel);
        if (bad >= 0) throw new ArgumentException($"Device {bad} has unknown defect code {pointDefects[bad]}.");
        Geometry = geometry;
        _pointDefects = pointDefects;
        FailedRowLines = (failedRowLines ?? []).Distinct().Order().ToArray();
        FailedColumnLines = (failedColumnLines ?? []).Distinct().Order().ToArray();
        if (FailedRowLines.Any(l => l < 0 || l >= geometry.RowLines)) throw new ArgumentException("Failed row line outside the array.");
        if (FailedColumnLines.Any(l => l < 0 || l >= geometry.ColumnLines)) throw new ArgumentException("Failed column line outside the array.");

        _effective = new DefectKind[pointDefects.Length];
        for (int d = 0; d < pointDefects.Length; d++) _effective[d] = (DefectKind)pointDefects[d];
        foreach (int line in FailedRowLines)
        {
            int tile = line / geometry.TileRows, row = line % geometry.TileRows;
            for (int c = 0; c < geometry.TileColumns; c++) _effective[geometry.Device(row, tile * geometry.TileColumns + c)] = DefectKind.Open;
        }
        foreach (int column in FailedColumnLines)
            for (int r = 0; r < geometry.TileRows; r++) _effective[geometry.Device(r, column)] = DefectKind.Open;
    }

    /// <summary>A map with no defects.</summary>
    public static DefectMap Clean(ArrayGeometry geometry) => new(geometry, new byte[geometry.DeviceCount]);

    /// <summary>The point defect recorded for a device (ignoring line failures).</summary>
    public DefectKind PointDefect(int device) => (DefectKind)_pointDefects[device];

    /// <summary>How a device behaves: its point defect, or Open if it sits on a failed line.</summary>
    public DefectKind this[int device] => _effective[device];

    /// <summary>The point defects as raw codes (for files).</summary>
    public ReadOnlySpan<byte> PointDefects => _pointDefects;

    /// <summary>Number of point defects of a kind (devices on failed lines are counted under the lines).</summary>
    public int Count(DefectKind kind)
    {
        int n = 0;
        foreach (byte k in _pointDefects) if (k == (byte)kind) n++;
        return n;
    }

    /// <summary>Devices that do not behave as healthy ones, point defects and failed lines together.</summary>
    public int DefectiveDevices
    {
        get { int n = 0; foreach (var k in _effective) if (k != DefectKind.None) n++; return n; }
    }

    /// <summary>Fraction of the die's devices that are defective, in [0, 1].</summary>
    public double DefectRate => (double)DefectiveDevices / Geometry.DeviceCount;

    /// <summary>True when both maps record the same point defects and the same failed lines.</summary>
    public bool SameAs(DefectMap other) =>
        Geometry == other.Geometry && _pointDefects.AsSpan().SequenceEqual(other._pointDefects)
        && FailedRowLines.SequenceEqual(other.FailedRowLines) && FailedColumnLines.SequenceEqual(other.FailedColumnLines);
}
