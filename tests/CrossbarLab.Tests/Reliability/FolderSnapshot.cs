using System.Security.Cryptography;

namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Every entry under a folder, hidden ones included, with its kind and, for a file, the SHA-256 of its bytes: two
/// snapshots are equal exactly when nothing in the folder was added, removed or changed.
/// </summary>
internal sealed class FolderSnapshot
{
    private readonly SortedDictionary<string, string> _entries = new(StringComparer.Ordinal);

    private FolderSnapshot() { }

    /// <summary>Takes the snapshot of <paramref name="folder"/>.</summary>
    public static FolderSnapshot Of(string folder)
    {
        var snapshot = new FolderSnapshot();
        foreach (var path in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories))
        {
            var info = new FileInfo(path);
            string key = Path.GetRelativePath(folder, path);
            snapshot._entries[key] = info.LinkTarget is string target ? $"link to {target}"
                : Directory.Exists(path) ? "folder"
                : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        }
        return snapshot;
    }

    /// <summary>Fails, listing the differences, unless <paramref name="after"/> equals this snapshot.</summary>
    public void AssertUnchanged(FolderSnapshot after)
    {
        var changes = _entries.Keys.Union(after._entries.Keys)
            .Where(k => _entries.GetValueOrDefault(k) != after._entries.GetValueOrDefault(k))
            .Select(k => $"{k}: {_entries.GetValueOrDefault(k) ?? "absent"} -> {after._entries.GetValueOrDefault(k) ?? "absent"}")
            .ToList();
        Assert.True(changes.Count == 0, "the folder changed:\n" + string.Join("\n", changes));
    }
}
