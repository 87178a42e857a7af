using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Xml.Linq;
using CrossbarLab.IO;

namespace CrossbarLab.Experiments;

/// <summary>
/// The JSON Schema of <see cref="RunConfig"/>, so editors can complete and check config files: every field with its type,
/// its description (the doc comment written once on the property, with its unit and scope), and no other fields allowed.
/// </summary>
public static class ConfigSchema
{
    /// <summary>The schema as a JSON object.</summary>
    public static JsonObject Generate()
    {
        var docs = Documentation();
        var options = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, schema) =>
            {
                if (schema is not JsonObject obj) return schema;
                if (context.PropertyInfo?.AttributeProvider is MemberInfo member && docs.TryGetValue(Key(member), out string? text))
                    obj["description"] = text;
                if (context.TypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object)
                {
                    // A file may leave any field out (it keeps its default), but may not add one.
                    obj.Remove("required");
                    obj["additionalProperties"] = false;
                }
                return obj;
            },
        };
        var root = JsonConventions.Options.GetJsonSchemaAsNode(typeof(RunConfig), options).AsObject();
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "CrossbarLab run configuration",
            ["description"] = "A run's config.json: every setting a CrossbarLab run depends on. Fields left out keep their defaults.",
        };
        foreach (var (key, value) in root) schema[key] = value?.DeepClone();
        return schema;
    }

    private static string Key(MemberInfo member) => $"P:{member.DeclaringType!.FullName}.{member.Name}";

    /// <summary>Property summaries from the library's XML documentation file (empty if it was not shipped).</summary>
    private static Dictionary<string, string> Documentation()
    {
        var result = new Dictionary<string, string>();
        string file = Path.ChangeExtension(typeof(ConfigSchema).Assembly.Location, ".xml");
        if (!File.Exists(file)) return result;
        foreach (var member in XDocument.Load(file).Descendants("member"))
        {
            string? name = (string?)member.Attribute("name");
            var summary = member.Element("summary");
            if (name == null || !name.StartsWith("P:", StringComparison.Ordinal) || summary == null) continue;
            result[name] = string.Join(" ", summary.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }
        return result;
    }
}
