using System;
using System.Linq;
using Edu.Sdk.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Edu.Sdk.Analyzers.Analysis
{
    /// <summary>
    /// Diagnostics on assignment.rules itself, at the line: what is malformed (EDU0009) and which targets match no
    /// symbol in the compilation and its references (EDU0010, a likely typo).
    /// </summary>
    internal static class RulesFileChecks
    {
        public static void Report(AdditionalFileAnalysisContext ctx, AssignmentSettings settings)
        {
            foreach (var (file, rules) in settings.Files)
            {
                if (!string.Equals(file.Path, ctx.AdditionalFile.Path, StringComparison.Ordinal)) continue;
                var text = file.GetText(ctx.CancellationToken);
                if (text is null) continue;
                foreach (var p in rules.Problems)
                {
                    var problem = settings.Descriptors.Localized(p.Resource, p.Args);
                    ctx.ReportDiagnostic(Diagnostic.Create(settings.Descriptors.MalformedRules, At(file, text, p.Span), p.Line, problem));
                }
                foreach (var e in rules.Entries)
                {
                    if (e.Origin.Mode is not null || Resolves(e, ctx.Compilation)) continue;
                    var line = text.Lines[e.Origin.Line - 1];
                    string raw = line.ToString();
                    int at = raw.IndexOf(e.Text, StringComparison.Ordinal);
                    var span = at >= 0 ? new TextSpan(line.Start + at, e.Text.Length) : line.Span;
                    ctx.ReportDiagnostic(Diagnostic.Create(settings.Descriptors.UnmatchedRule, At(file, text, span), e.Origin.Line, e.Text));
                }
            }
        }

        static Location At(AdditionalText file, SourceText text, TextSpan span) =>
            Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span));

        /// <summary>Whether a rule's target names at least one symbol.</summary>
        static bool Resolves(RuleEntry e, Compilation compilation)
        {
            switch (e.Kind)
            {
                case TargetKind.GeneratedBackward:
                    return true;
                case TargetKind.Exact:
                    return DocumentationCommentId.GetSymbolsForDeclarationId(e.Key, compilation).Any();
                case TargetKind.Type:
                case TargetKind.Derived:
                    return DocumentationCommentId.GetFirstSymbolForDeclarationId("T:" + e.Key, compilation) is not null;
                case TargetKind.Namespace:
                    return DocumentationCommentId.GetFirstSymbolForDeclarationId("N:" + e.Key, compilation) is not null;
                case TargetKind.Wildcard:
                    return DocumentationCommentId.GetFirstSymbolForDeclarationId("N:" + e.Key, compilation) is not null
                        || DocumentationCommentId.GetFirstSymbolForDeclarationId("T:" + e.Key, compilation) is not null;
                case TargetKind.AnyOverload:
                    int dot = e.Key.LastIndexOf('.');
                    if (dot < 2) return false;
                    var type = DocumentationCommentId.GetFirstSymbolForDeclarationId("T:" + e.Key.Substring(2, dot - 2), compilation) as INamedTypeSymbol;
                    string name = e.Key.Substring(dot + 1);
                    if (name == "#ctor") return type is not null && type.InstanceConstructors.Any();
                    // Indexers are P:…Item in documentation IDs but this[] among a type's members.
                    return type is not null && type.GetMembers(name).Concat(type.GetMembers(WellKnownMemberNames.Indexer))
                        .Any(m => DocIds.Head(DocumentationCommentId.CreateDeclarationId(m) ?? "") == e.Key);
                default:
                    return true;
            }
        }
    }
}
