using System.Text.Json.Nodes;

namespace CrossbarLab.IO;

/// <summary>Where two JSON documents differ, so a refusal can name the setting instead of "other settings".</summary>
internal static class JsonDiff
{
    /// <summary>
    /// The path ("training.k") of the first field, in <paramref name="a"/>'s order and then <paramref name="b"/>'s, whose
    /// values differ, or null if the documents are equal. A whole array that differs is named by its own path.
    /// </summary>
    public static string? FirstDifference(JsonNode? a, JsonNode? b, string path = "")
    {
        if (a is JsonObject x && b is JsonObject y)
        {
            foreach (var (key, value) in x)
            {
                string? found = FirstDifference(value, y[key], Join(path, key));
                if (found != null)
                    return found;
            }
            foreach (var (key, _) in y)
                if (!x.ContainsKey(key))
                    return Join(path, key);
            return null;
        }
        return JsonNode.DeepEquals(a, b) ? null : (path.Length == 0 ? "(the whole document)" : path);
    }

    /// <summary>The value at <paramref name="path"/> as compact JSON ("null" when absent), for messages.</summary>
    public static string ValueAt(JsonNode? root, string path)
    {
        JsonNode? node = root;
        foreach (var part in path.Split('.'))
            node = node is JsonObject obj ? obj[part] : null;
        string text = node?.ToJsonString(JsonConventions.Compact) ?? "null";
        return text.Length <= 80 ? text : text[..77] + "...";
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
