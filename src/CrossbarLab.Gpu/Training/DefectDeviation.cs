using ILGPU;

namespace CrossbarLab.Gpu.Training;

/// <summary>
/// d = w_eff − sign(w) of one defective cell, as <c>SparseCorrections</c> computes it on the CPU: the defect's value
/// for the sign the latent weight is programmed with (w ≥ 0, −0 included, counts as +1), minus that sign.
/// </summary>
internal static class DefectDeviation
{
    /// <summary>d for latent weight <paramref name="w"/> and the cell's values (float bits) if +1 and if −1.</summary>
    public static float Of(float w, int ifPlusBits, int ifMinusBits)
    {
        bool plus = w >= 0f;
        float value = ILGPU.Interop.IntAsFloat((uint)(plus ? ifPlusBits : ifMinusBits));
        return value - (plus ? 1f : -1f);
    }
}
