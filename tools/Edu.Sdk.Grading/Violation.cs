using System.Text.Json.Serialization;

namespace Edu.Sdk.Grading;

/// <summary>One diagnostic of a student's build, as an autograder reads it.</summary>
/// <param name="Rule">The diagnostic ID (EDU0001...).</param>
/// <param name="Symbol">The documentation-comment ID of the forbidden symbol, when the rule names one.</param>
/// <param name="File">The source file, relative to the project's folder when it lies inside it.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
/// <param name="Severity">error or warning.</param>
/// <param name="Message">The compiler's message.</param>
public sealed record Violation(
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("column")] int Column,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("message")] string Message);
