namespace CrossbarLab.IO;

/// <summary>The "did you mean" of an error message: the valid name closest to a misspelt one.</summary>
public static class NearestName
{
    /// <summary>The candidate closest to <paramref name="word"/> in edit distance, if close enough to be a typo.</summary>
    public static string? Of(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            int d = EditDistance(word, c);
            if (d < bestDistance)
            {
                best = c;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.Max(2, word.Length / 3) ? best : null;
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions, one row at a time.</summary>
    private static int EditDistance(string a, string b)
    {
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
            row[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
