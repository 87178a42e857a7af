using System.CommandLine;
using CrossbarLab.Devices;
using CrossbarLab.Hardware;

namespace CrossbarLab.Cli;

/// <summary>Options that describe the hardware: device preset and array geometry.</summary>
internal sealed class HardwareOptions
{
    public Option<string> Device { get; } = new("--device") { Description = "Device preset: stt-mram (MTJ) or rram.", DefaultValueFactory = _ => "stt-mram" };
    public Option<int> Tiles { get; } = new("--tiles") { Description = "Tiles per die (even).", DefaultValueFactory = _ => ArrayGeometry.Nist20k.Tiles };
    public Option<int> TileRows { get; } = new("--tile-rows") { Description = "Rows (input lines) per tile.", DefaultValueFactory = _ => ArrayGeometry.Nist20k.TileRows };
    public Option<int> TileColumns { get; } = new("--tile-columns") { Description = "Columns (output lines) per tile.", DefaultValueFactory = _ => ArrayGeometry.Nist20k.TileColumns };
    public Option<int> AdcBits { get; } = new("--adc-bits") { Description = "ADC resolution per column in bits (0 = ideal).", DefaultValueFactory = _ => ArrayGeometry.Nist20k.AdcBits };

    public HardwareOptions() => Device.AcceptOnlyFromAmong("stt-mram", "rram");

    public void AddTo(Command command)
    {
        command.Options.Add(Device); command.Options.Add(Tiles); command.Options.Add(TileRows);
        command.Options.Add(TileColumns); command.Options.Add(AdcBits);
    }

    public DeviceModel DeviceModel(ParseResult parse) => Devices.DeviceModel.Preset(parse.GetValue(Device)!);

    /// <summary>The array, if any of tiles, rows or columns was given on the command line (a map's shape gives it).</summary>
    public ArrayGeometry? GivenGeometry(ParseResult parse)
    {
        bool given = new Option[] { Tiles, TileRows, TileColumns }.Any(o => parse.GetResult(o) is { Implicit: false });
        return given ? Geometry(parse) : null;
    }

    public ArrayGeometry Geometry(ParseResult parse)
    {
        var g = new ArrayGeometry(parse.GetValue(Tiles), parse.GetValue(TileRows), parse.GetValue(TileColumns), parse.GetValue(AdcBits));
        g.Validate();
        return g;
    }
}
