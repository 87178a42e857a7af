namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// The classes of failure of issue 14 ("no input, fault or mistake may lose a run, change a result silently, or
/// crash"); every test written for one carries <c>[Trait(Hazard.Trait, Hazard.X)]</c>, and
/// <see cref="ReliabilityCasesTests"/> counts the cases of each class for the README's table.
/// </summary>
internal static class Hazard
{
    public const string Trait = "reliability";
    public const string RefusedCommand = "01 a refused command changes nothing";
    public const string Ownership = "02 a run folder has one owner";
    public const string OutputTargets = "03 outputs only to regular files or new paths";
    public const string Checksums = "04 one checksum over the whole document";
    public const string ResumeSettings = "05 resume compares every setting";
    public const string Sizes = "06 64-bit sizes with caps";
    public const string Allocation = "07 caps before allocation";
    public const string Permissions = "08 permission denied is a user error";
    public const string Names = "09 names from files are safe";
    public const string Content = "10 other unchecked content";
    public const string SpecialInputs = "11 FIFO and device inputs";
    public const string Messages = "12 messages and advice";
}
