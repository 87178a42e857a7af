using CrossbarLab.IO;

namespace CrossbarLab.Interop;

/// <summary>
/// A NumPy .npz archive: named arrays in a fixed order, stored as NAME.npy entries of a zip file, as
/// <c>numpy.savez</c> (stored) and <c>numpy.savez_compressed</c> (deflated) write them and <c>numpy.load</c> reads
/// them.
/// Writing is deterministic: entries in the order they were added, every timestamp 1980-01-01 00:00, no extra fields,
/// so the same arrays give the same bytes (with the same .NET runtime; deflate output may differ between runtimes).
/// Reading is hardened against damaged and hostile archives: see <see cref="Read"/>.
/// </summary>
public sealed class NpzArchive
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, NpyArray> _arrays = new(StringComparer.Ordinal);

    /// <summary>The file this archive was read from, or null for one built in memory.</summary>
    public string? SourcePath { get; private init; }

    /// <summary>The arrays' names (entry names without ".npy"), in archive order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Number of arrays.</summary>
    public int Count => _names.Count;

    /// <summary>
    /// The array named <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> if there is none.
    /// </summary>
    public NpyArray this[string name] => _arrays[name];

    /// <summary>
    /// Adds an array under a new name (no ".npy" suffix; not empty, no NUL, no leading or trailing '/');
    /// returns this archive, so additions chain.
    /// </summary>
    public NpzArchive Add(string name, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        string? problem = NameProblem(name);
        if (problem != null)
            throw new ArgumentException($"array name '{name}' {problem}", nameof(name));
        if (!_arrays.TryAdd(name, array))
            throw new ArgumentException($"the archive already holds an array named '{name}'.", nameof(name));
        _names.Add(name);
        return this;
    }

    /// <summary>Looks up an array by name.</summary>
    public bool TryGet(string name, out NpyArray array) => _arrays.TryGetValue(name, out array!);

    /// <summary>
    /// The array named <paramref name="name"/>, or an <see cref="InvalidDataFileException"/> naming the archive and
    /// listing the names it does hold (for importers: a missing entry is a fault of the file).
    /// </summary>
    public NpyArray Require(string name)
    {
        if (_arrays.TryGetValue(name, out var array))
            return array;
        string held = _names.Count == 0 ? "none" : string.Join(", ", _names);
        throw new InvalidDataFileException(SourcePath ?? "(archive)", $"has no array '{name}' (it holds: {held}).");
    }

    /// <summary>
    /// Reads the .npz file at <paramref name="path"/>. Refused with an <see cref="InvalidDataFileException"/>: a
    /// file that is not regular or is larger than <see cref="InteropLimits.MaxFileBytes"/>; a damaged zip; more than
    /// <see cref="InteropLimits.MaxEntries"/> entries; an entry that is not NAME.npy, is repeated or encrypted;
    /// declared uncompressed sizes over <see cref="InteropLimits.MaxEntryBytes"/> or, summed, over
    /// <see cref="InteropLimits.MaxTotalUncompressedBytes"/> (checked before anything is decompressed); an entry that
    /// inflates to more than its declared size (reading stops there) or fails its CRC-32; any array
    /// <see cref="NpyReader"/> refuses.
    /// </summary>
    public static NpzArchive Read(string path) =>
        Parse(InputFile.ReadAllBytes(path, InteropLimits.MaxFileBytes), path);

    /// <summary>Parses the bytes of a .npz file; <paramref name="path"/> names it in errors.</summary>
    public static NpzArchive Parse(byte[] bytes, string path)
    {
        var archive = new NpzArchive { SourcePath = path };
        foreach (var (name, array) in NpzReader.ReadEntries(bytes, path))
            archive.Add(name, array);
        return archive;
    }

    /// <summary>
    /// The archive as .npz bytes: stored entries like numpy.savez, or deflated like numpy.savez_compressed.
    /// </summary>
    public byte[] ToBytes(bool compress = false) => NpzWriter.ToBytes(_names.Select(n => (n, _arrays[n])), compress);

    /// <summary>Writes the archive to <paramref name="path"/> (through a temporary file that is renamed).</summary>
    public void Save(string path, bool compress = false) => AtomicFile.WriteAllBytes(path, ToBytes(compress));

    /// <summary>Why <paramref name="name"/> cannot name an array, or null if it can.</summary>
    internal static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return "is empty.";
        if (name.Contains('\0'))
            return "contains a NUL character.";
        if (name.StartsWith('/') || name.EndsWith('/'))
            return "starts or ends with '/'.";
        return null;
    }
}
