using System.Security.Cryptography;
using System.Text;

namespace CrossbarLab.IO;

/// <summary>SHA-256 over the payload fields of a file, so a damaged number is an error rather than a silently different result.</summary>
public static class Checksum
{
    /// <summary>Lower-case hex SHA-256 of the parts, each followed by a newline.</summary>
    public static string Of(params string[] parts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts) { sha.AppendData(Encoding.UTF8.GetBytes(part)); sha.AppendData("\n"u8); }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
