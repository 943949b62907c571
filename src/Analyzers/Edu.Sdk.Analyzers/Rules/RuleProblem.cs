using Microsoft.CodeAnalysis.Text;

namespace Edu.Sdk.Analyzers.Rules
{
    /// <summary>What is wrong with a line of assignment.rules: a resource name and its arguments, localized when reported.</summary>
    internal sealed record RuleProblem(int Line, TextSpan Span, string Resource, object[] Args);
}
