using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edu.Sdk.Grading;

/// <summary>The violations of one build, read from the compiler's SARIF log (ErrorLog), written as JSON.</summary>
public sealed class GradingReport
{
    static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The project that was built.</summary>
    [JsonPropertyName("project")] public string Project { get; init; } = "";

    /// <summary>Whether the build succeeded.</summary>
    [JsonPropertyName("buildSucceeded")] public bool BuildSucceeded { get; init; }

    /// <summary>The violations, by file and line.</summary>
    [JsonPropertyName("violations")] public IReadOnlyList<Violation> Violations { get; init; } = [];

    /// <summary>
    /// Reads a SARIF 2.1 log (<c>-p:ErrorLog=file.sarif%2Cversion=2.1</c>) and keeps the results whose rule ID starts
    /// with one of <paramref name="prefixes"/> (EDU by default: the assignment rules and the generator's diagnostics).
    /// Paths become relative to <paramref name="projectDirectory"/> when they lie inside it.
    /// </summary>
    public static IReadOnlyList<Violation> FromSarif(string sarifPath, string projectDirectory, params string[] prefixes)
    {
        if (prefixes.Length == 0) prefixes = ["EDU"];
        using var doc = JsonDocument.Parse(File.ReadAllText(sarifPath));
        var list = new List<Violation>();
        foreach (var run in doc.RootElement.GetProperty("runs").EnumerateArray())
        {
            if (!run.TryGetProperty("results", out var results)) continue;
            foreach (var r in results.EnumerateArray())
            {
                string rule = r.GetProperty("ruleId").GetString() ?? "";
                if (!prefixes.Any(p => rule.StartsWith(p, StringComparison.Ordinal))) continue;
                string file = "", severity = r.TryGetProperty("level", out var level) ? level.GetString() ?? "" : "";
                int line = 0, column = 0;
                if (r.TryGetProperty("locations", out var locations) && locations.GetArrayLength() > 0 &&
                    locations[0].TryGetProperty("physicalLocation", out var physical))
                {
                    file = Relative(new Uri(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath, projectDirectory);
                    if (physical.TryGetProperty("region", out var region))
                    {
                        line = region.TryGetProperty("startLine", out var l) ? l.GetInt32() : 0;
                        column = region.TryGetProperty("startColumn", out var c) ? c.GetInt32() : 0;
                    }
                }
                string? symbol = r.TryGetProperty("properties", out var props) && props.TryGetProperty("customProperties", out var custom) &&
                                 custom.TryGetProperty("Symbol", out var s) ? s.GetString() : null;
                string message = r.TryGetProperty("message", out var m) && m.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
                list.Add(new Violation(rule, symbol, file, line, column, severity, message));
            }
        }
        return list.Distinct().OrderBy(v => v.File, StringComparer.Ordinal).ThenBy(v => v.Line).ThenBy(v => v.Column).ToList();
    }

    static string Relative(string path, string directory)
    {
        var full = Path.GetFullPath(directory);
        var relative = Path.GetRelativePath(full, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative.Replace('\\', '/');
    }

    /// <summary>The report as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);
}
