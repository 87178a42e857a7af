using CrossbarLab.Devices;

namespace CrossbarLab.Hardware;

/// <summary>
/// How a die reads a neuron: each input drives its row line at V·a (±V for ±1 inputs), each column of a tile sums its
/// cells' currents Σ V·a·G, every device's conductance read with relative Gaussian noise; each column's ADC digitises its
/// current, and the neuron's value is the positive column's code minus the negative column's, in amperes.
/// </summary>
/// <remarks>
/// ADC: bipolar, full scale ±TileRows·V·G_on (every row of a tile driving a healthy low-state device), AdcBits bits,
/// round to nearest, clipped, so a column with shorts can saturate. With AdcBits = 0 the sense stage is ideal, apart from
/// a comparator resolution of 1e-4 of one weight's current that resolves ties as
/// sign(0) = +1 does. Not modelled: wire resistance, amplifier offsets and gain errors, ADC non-linearity.
/// </remarks>
public sealed class ColumnReadout
{
    /// <summary>Differences below this fraction of one healthy weight's current are ties (the effective-weight tie rule).</summary>
    public const double TieFraction = 1e-4;

    private readonly double _lsb, _minCode, _maxCode;

    /// <summary>Read voltage of an input of +1, volts.</summary>
    public double Volts { get; }

    /// <summary>Relative σ of one read of one device's conductance.</summary>
    public double ReadNoise { get; }

    /// <summary>Whether the sense stage is ideal (no ADC).</summary>
    public bool Ideal { get; }

    /// <summary>ADC full scale, amperes: TileRows·V·G_on.</summary>
    public double FullScale { get; }

    /// <summary>Comparator resolution of the ideal sense stage, amperes (0 with an ADC, whose codes are exact).</summary>
    public double TieTolerance { get; }

    /// <summary>The readout of columns of <paramref name="geometry"/> with devices of <paramref name="device"/>.</summary>
    public ColumnReadout(DeviceModel device, ArrayGeometry geometry)
    {
        Volts = device.ReadVoltageVolts;
        ReadNoise = device.ReadNoiseSigmaRelative;
        Ideal = geometry.AdcBits == 0;
        FullScale = geometry.TileRows * Volts * device.OnConductance;
        int bits = geometry.AdcBits;
        _lsb = Ideal ? 0 : FullScale / (1L << (bits - 1));
        _maxCode = Ideal ? 0 : (1L << (bits - 1)) - 1;
        _minCode = Ideal ? 0 : -(1L << (bits - 1));
        TieTolerance = Ideal ? TieFraction * Volts * (device.OnConductance - device.OffConductance) : 0;
    }

    /// <summary>
    /// The two column currents of one differential pair over rows first … first + count − 1: Σ V·a_i·G±(i), amperes, with
    /// G± = <paramref name="gPos"/>/<paramref name="gNeg"/>[i·stride + column], each device read once with noise from
    /// <paramref name="noise"/> (positive device first, row by row).
    /// </summary>
    public (double Positive, double Negative) PairCurrents(ReadOnlySpan<double> a, ReadOnlySpan<double> gPos,
        ReadOnlySpan<double> gNeg, int first, int count, int stride, int column, RandomStream? noise)
    {
        double iPos = 0;
        double iNeg = 0;
        for (int i = first; i < first + count; i++)
        {
            double vi = Volts * a[i];
            double gp = gPos[i * stride + column];
            double gn = gNeg[i * stride + column];
            if (noise != null)
            {
                gp *= 1 + ReadNoise * noise.NextGaussian();
                gn *= 1 + ReadNoise * noise.NextGaussian();
            }
            iPos += vi * gp;
            iNeg += vi * gn;
        }
        return (iPos, iNeg);
    }

    /// <summary>The neuron's contribution from one pair after the ADCs: code(I₊) − code(I₋) in amperes (I₊ − I₋ when ideal).</summary>
    public double Difference(double positive, double negative) =>
        Ideal ? positive - negative : _lsb * (Code(positive) - Code(negative));

    private double Code(double current) => Math.Clamp(Math.Round(current / _lsb), _minCode, _maxCode);
}
