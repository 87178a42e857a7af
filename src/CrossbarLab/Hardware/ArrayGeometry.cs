using System.Text.Json.Serialization;

namespace CrossbarLab.Hardware;

/// <summary>
/// The crossbar of one die: <see cref="Tiles"/> tiles of <see cref="TileRows"/> × <see cref="TileColumns"/> cells, laid side
/// by side into a die grid of TileRows rows × Tiles·TileColumns columns. Inputs are voltages on the rows of a tile; each
/// column sums its cells' currents into an amplifier and an ADC of <see cref="AdcBits"/> bits.
/// </summary>
/// <param name="Tiles">Number of tiles (even: weights use a twin pair of tiles, see <see cref="DifferentialMapping"/>).</param>
/// <param name="TileRows">Input lines (rows) per tile.</param>
/// <param name="TileColumns">Output lines (columns) per tile.</param>
/// <param name="AdcBits">Resolution of each column's ADC in bits; 0 means an ideal, infinitely fine sense stage.</param>
public sealed record ArrayGeometry(
    int Tiles,
    int TileRows,
    int TileColumns,
    int AdcBits)
{
    /// <summary>The layout of NIST's public 20,000-device prototyping array: 32 tiles of 25×25 cells, a 12-bit ADC per column.</summary>
    public static ArrayGeometry Nist20k { get; } = new(32, 25, 25, 12);

    /// <summary>Columns of the die grid.</summary>
    [JsonIgnore] public int DieColumns => Tiles * TileColumns;

    /// <summary>Devices on the die.</summary>
    [JsonIgnore] public int DeviceCount => Tiles * TileRows * TileColumns;

    /// <summary>Row lines on the die (each tile has its own).</summary>
    [JsonIgnore] public int RowLines => Tiles * TileRows;

    /// <summary>Column lines on the die.</summary>
    [JsonIgnore] public int ColumnLines => DieColumns;

    /// <summary>Index of the device at die-grid (row, column).</summary>
    public int Device(int row, int column) => row * DieColumns + column;

    /// <summary>Die-grid row and column of a device.</summary>
    public (int Row, int Column) Position(int device) => (device / DieColumns, device % DieColumns);

    /// <summary>The row line (tile·TileRows + row) that a device sits on.</summary>
    public int RowLineOf(int device) { var (r, c) = Position(device); return c / TileColumns * TileRows + r; }

    /// <summary>The section's name in the configuration tree and in die files.</summary>
    public const string Section = "array";

    /// <summary>
    /// The most devices a die may have (2²⁴): every per-device array then fits a 32-bit index with room to spare, and a
    /// die file stays under <see cref="DieFile.MaxBytes"/>, so every die the fab makes can be read back.
    /// </summary>
    public const int MaxDevices = 1 << 24;

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        if (Tiles < 2 || Tiles % 2 != 0)
            throw new InvalidConfigurationException($"{Section}.tiles", Tiles, "must be an even number ≥ 2 (differential weights use twin tiles).");
        if (TileRows is < 1 or > 4096)
            throw new InvalidConfigurationException($"{Section}.tile_rows", TileRows, "must be between 1 and 4096.");
        if (TileColumns is < 1 or > 4096)
            throw new InvalidConfigurationException($"{Section}.tile_columns", TileColumns, "must be between 1 and 4096.");
        long devices = (long)Tiles * TileRows * TileColumns;
        if (devices > MaxDevices)
            throw new InvalidConfigurationException($"{Section}.tiles", Tiles,
                $"{devices:N0} devices is more than this tool handles ({MaxDevices:N0}, about 800 times the NIST array; "
                + "a die file of that size is already about 200 MB).");
        if (AdcBits is < 0 or > 24)
            throw new InvalidConfigurationException($"{Section}.adc_bits", AdcBits, "must be between 0 (ideal) and 24.");
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Tiles} tiles of {TileRows}×{TileColumns} = {DeviceCount:N0} devices, {(AdcBits == 0 ? "ideal sense stage" : $"{AdcBits}-bit ADC per column")}";
}
