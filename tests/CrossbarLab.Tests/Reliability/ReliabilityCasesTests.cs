using System.Reflection;

namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Counts the reliability cases of each class of issue 14 (a fact is one case, a theory one per data row) and prints
/// them, as the README's reliability table lists them; every class has at least three.
/// </summary>
public class ReliabilityCasesTests
{
    /// <summary>Cases per class, in class order.</summary>
    public static SortedDictionary<string, int> CasesByClass()
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var type in typeof(ReliabilityCasesTests).Assembly.GetTypes())
        {
            string? typeClass = Class(type);
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                if (method.GetCustomAttribute<FactAttribute>() == null) continue;
                string? hazard = Class(method) ?? typeClass;
                if (hazard == null) continue;
                counts[hazard] = counts.GetValueOrDefault(hazard) + Cases(type, method);
            }
        }
        return counts;
    }

    /// <summary>The value of the member's reliability trait (xunit keeps a trait's name and value as constructor arguments).</summary>
    private static string? Class(MemberInfo member) =>
        member.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(TraitAttribute) && (string?)a.ConstructorArguments[0].Value == Hazard.Trait)
            .Select(a => (string?)a.ConstructorArguments[1].Value)
            .FirstOrDefault();

    private static int Cases(Type type, MethodInfo method)
    {
        if (method.GetCustomAttribute<TheoryAttribute>() == null) return 1;
        int rows = method.GetCustomAttributes<InlineDataAttribute>().Count();
        foreach (var member in method.GetCustomAttributes<MemberDataAttribute>())
        {
            var data = type.GetMethod(member.MemberName, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null);
            rows += ((System.Collections.IEnumerable)data!).Cast<object>().Count();
        }
        return rows;
    }

    [Fact]
    public void EveryClassOfTheIssueHasItsCases()
    {
        var counts = CasesByClass();
        foreach (var (hazard, cases) in counts) Console.WriteLine($"reliability: class {hazard}: {cases} cases");
        Console.WriteLine($"reliability: {counts.Values.Sum()} cases in {counts.Count} classes");
        var expected = typeof(Hazard).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.Name != nameof(Hazard.Trait)).Select(f => (string)f.GetValue(null)!);
        Assert.All(expected, hazard => Assert.True(counts.GetValueOrDefault(hazard) >= 3, $"class {hazard}: too few cases"));
    }
}
