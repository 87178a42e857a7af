using System.Net;
using System.Text;

namespace CrossbarLab.Reporting;

/// <summary>The pieces every self-contained HTML report shares: the page frame and style, claim rows, embedded figures, number formats.</summary>
public static class HtmlPage
{
    /// <summary>Opens the page: doctype, title, the one style sheet.</summary>
    public static void Open(StringBuilder sb, string title)
    {
        sb.Append($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title><style>")
          .Append("body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}")
          .Append("table{border-collapse:collapse;margin:1em 0}")
          .Append("td,th{border:1px solid #bbb;padding:4px 10px;text-align:right}th{background:#eee}")
          .Append(".numbers td{white-space:nowrap}")
          .Append("td:first-child,th:first-child{text-align:left}")
          .Append(".ok{color:#070;font-weight:bold}.no{color:#b00;font-weight:bold}")
          .Append("img{max-width:100%;border:1px solid #ddd;margin:.5em 0}code{background:#f4f4f4}")
          .Append("</style></head><body>");
    }

    /// <summary>Closes the page.</summary>
    public static void Close(StringBuilder sb) => sb.Append("</body></html>");

    /// <summary>One row of a claims table: the claim, what was measured, and yes (green) or no (red).</summary>
    public static void Claim(StringBuilder sb, string claim, string measured, bool? holds)
    {
        string css = holds == true ? "ok" : "no";
        string verdict = holds == true ? "yes" : holds == false ? "no" : "–";
        sb.Append($"<tr><td>{claim}</td><td>{measured}</td><td class=\"{css}\">{verdict}</td></tr>");
    }

    /// <summary>Embeds each PNG of <paramref name="folder"/> that exists, with its caption.</summary>
    public static void Figures(StringBuilder sb, string folder, IEnumerable<(string File, string Caption)> figures)
    {
        foreach (var (file, caption) in figures)
        {
            string path = Path.Combine(folder, file);
            if (!File.Exists(path)) continue;
            string data = Convert.ToBase64String(File.ReadAllBytes(path));
            sb.Append($"<figure><img alt=\"{caption}\" src=\"data:image/png;base64,{data}\"><figcaption>{caption}</figcaption></figure>");
        }
    }

    /// <summary>An error rate as a percentage ("12.16 %"), or "–" when undefined.</summary>
    public static string Percent(double? x) => x is double v && double.IsFinite(v) ? $"{100 * v:F2} %" : "–";

    /// <summary>A difference of error rates in percentage points ("+12.59 points"), or "–" when undefined.</summary>
    public static string Points(double? x) => x is double v && double.IsFinite(v) ? $"{100 * v:+0.00;-0.00;0.00} points" : "–";
}
