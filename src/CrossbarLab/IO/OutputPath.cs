namespace CrossbarLab.IO;

/// <summary>
/// Where outputs may go. A file is written only over a regular file or where nothing exists yet: a symbolic link, a
/// named pipe, a device (even /dev/null, even as root) or a socket is left as it is, because replacing it with a
/// regular file would destroy it and writing through it would put the output somewhere the user did not name. A run
/// folder may be a symbolic link to a folder (runs/ linked to a larger disk is common); the link is kept and the files
/// go into the folder it names.
/// </summary>
public static class OutputPath
{
    /// <summary>The rule an output path breaks when something other than a regular file is there.</summary>
    public const string NotRegular = "outputs are written only to regular files or new paths, so it is left as it is; "
        + "choose another path.";

    /// <summary>Throws <see cref="OutputException"/> unless <paramref name="path"/> is new or a regular file.</summary>
    public static void CheckFile(string path)
    {
        string full = Path.GetFullPath(path);
        if (Path.EndsInDirectorySeparator(path) || Path.GetDirectoryName(full) == null)
            throw new OutputException($"{full} names a folder, not a file: give the path of the file to write.");
        var kind = KindOf(full);
        if (kind == FileKindValue.Directory)
            throw new OutputException($"{full} is a folder, not a file: give the path of the file to write.");
        if (kind is not (FileKindValue.Regular or FileKindValue.Missing))
            throw new OutputException($"{full} is {FileKind.Describe(kind)}: {NotRegular}");
    }

    /// <summary>
    /// Null if <paramref name="path"/> is a folder, a symbolic link to one, or new; otherwise what it is instead ("a
    /// regular file", "a named pipe (FIFO)", "a symbolic link to nothing"), for an error naming the output folder.
    /// </summary>
    public static string? FolderProblem(string path)
    {
        string full = Path.GetFullPath(path);
        var kind = KindOf(full);
        if (kind is FileKindValue.Directory or FileKindValue.Missing)
            return null;
        if (kind != FileKindValue.Symlink)
            return FileKind.Describe(kind);
        var target = FileKind.Of(full);
        return target switch
        {
            FileKindValue.Directory => null,
            FileKindValue.Missing or FileKindValue.Unknown => "a symbolic link to nothing",
            _ => $"a symbolic link to {FileKind.Describe(target)}",
        };
    }

    /// <summary>What <paramref name="full"/> is itself (links not followed); a fallback where statx is missing.</summary>
    internal static FileKindValue KindOf(string full)
    {
        var kind = FileKind.OfLink(full);
        if (kind != FileKindValue.Unknown)
            return kind;
        var info = new FileInfo(full);
        if (info.LinkTarget != null)
            return FileKindValue.Symlink;
        if (Directory.Exists(full))
            return FileKindValue.Directory;
        return info.Exists ? FileKindValue.Regular : FileKindValue.Missing;
    }
}
