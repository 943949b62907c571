using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Edu.Sdk.Analyzers.Rules
{
    /// <summary>
    /// Finds the rule that decides about a symbol, by documentation-comment ID. The most specific rule wins: the
    /// member's own ID, then the same name for every overload, then its type (and the types containing it, innermost
    /// first), then a <c>derived</c> base type (nearest first), then its namespace and the wildcards over the types
    /// and namespaces containing it (longest first). Among rules on the same target, the later line wins, so an
    /// <c>allow</c> after a preset lifts that preset's ban. Only symbols from references (metadata) are matched, so
    /// a student's own members with the same names never are, except the backward the [Layer] generator writes.
    /// </summary>
    internal sealed class RuleMatcher
    {
        readonly Dictionary<string, RuleEntry> _exact = new Dictionary<string, RuleEntry>();
        readonly Dictionary<string, RuleEntry> _anyOverload = new Dictionary<string, RuleEntry>();
        readonly Dictionary<string, RuleEntry> _types = new Dictionary<string, RuleEntry>();
        readonly Dictionary<string, RuleEntry> _derived = new Dictionary<string, RuleEntry>();
        readonly Dictionary<string, RuleEntry> _namespaces = new Dictionary<string, RuleEntry>();
        readonly Dictionary<string, RuleEntry> _wildcards = new Dictionary<string, RuleEntry>();
        readonly RuleEntry? _generated;
        readonly INamedTypeSymbol? _layerAttribute;
        readonly ConcurrentDictionary<ISymbol, RuleEntry?> _cache = new ConcurrentDictionary<ISymbol, RuleEntry?>(SymbolEqualityComparer.Default);
        readonly ConcurrentDictionary<ISymbol, string> _ids = new ConcurrentDictionary<ISymbol, string>(SymbolEqualityComparer.Default);

        /// <summary>Names of members banned one by one (for dynamic receivers and reflection by name).</summary>
        public IReadOnlyDictionary<string, RuleEntry> BannedMemberNames { get; }

        public RuleMatcher(IEnumerable<RuleEntry> entries, Compilation compilation)
        {
            var names = new Dictionary<string, RuleEntry>();
            foreach (var e in entries.OrderBy(e => e.Order))
            {
                switch (e.Kind)
                {
                    case TargetKind.Exact: _exact[e.Key] = e; break;
                    case TargetKind.AnyOverload: _anyOverload[e.Key] = e; break;
                    case TargetKind.Type: _types[e.Key] = e; break;
                    case TargetKind.Derived: _derived[e.Key] = e; break;
                    case TargetKind.Namespace: _namespaces[e.Key] = e; break;
                    case TargetKind.Wildcard: _wildcards[e.Key] = e; break;
                    case TargetKind.GeneratedBackward: _generated = e; break;
                }
            }
            foreach (var e in _exact.Values.Concat(_anyOverload.Values))
            {
                string name = DocIds.MemberName(e.Key);
                if (e.Ban) names[name] = e;
                else names.Remove(name);
            }
            BannedMemberNames = names;
            _layerAttribute = compilation.GetTypeByMetadataName("Edu.Sdk.LayerAttribute");
        }

        /// <summary>The banning rule that decides about <paramref name="symbol"/>, or null when it is allowed.</summary>
        public RuleEntry? Match(ISymbol symbol)
        {
            var normalized = Normalize(symbol);
            if (normalized is null) return null;
            return _cache.GetOrAdd(normalized, s =>
            {
                var e = Decide(s);
                return e is { Ban: true } ? e : null;
            });
        }

        /// <summary>The banning rule that decides about a type or any type argument inside it (arrays, generics).</summary>
        public RuleEntry? MatchType(ITypeSymbol? type, int depth = 0)
        {
            if (type is null || depth > 8) return null;
            if (type is IArrayTypeSymbol array) return MatchType(array.ElementType, depth + 1);
            if (type is not INamedTypeSymbol named) return null;
            if (Match(named) is { } hit) return hit;
            foreach (var arg in named.TypeArguments)
                if (MatchType(arg, depth + 1) is { } argHit) return argHit;
            return null;
        }

        static ISymbol? Normalize(ISymbol? symbol)
        {
            if (symbol is IMethodSymbol m)
            {
                m = m.ReducedFrom ?? m;
                return m.OriginalDefinition;
            }
            if (symbol is INamedTypeSymbol t) return t.OriginalDefinition;
            if (symbol is IPropertySymbol or IFieldSymbol or IEventSymbol) return symbol.OriginalDefinition;
            return null;
        }

        string Id(ISymbol s) => _ids.GetOrAdd(s, x => DocIds.Standard(DocumentationCommentId.CreateDeclarationId(x) ?? ""));

        /// <summary>The dotted qualified name of a type or namespace, as in its ID without the prefix.</summary>
        string QualifiedName(ISymbol s)
        {
            var id = Id(s);
            return id.Length > 2 ? id.Substring(2) : "";
        }

        static int Segments(string name) => name.Split('.').Length;

        RuleEntry? Decide(ISymbol symbol)
        {
            if (symbol.DeclaringSyntaxReferences.Length > 0)
                return _generated is not null && IsGeneratedBackward(symbol) ? _generated : null;

            RuleEntry? best = null;
            int bestScore = -1;
            void Consider(Dictionary<string, RuleEntry> rules, string key, int score)
            {
                if (key.Length == 0 || !rules.TryGetValue(key, out var e)) return;
                if (score > bestScore || (score == bestScore && e.Order > best!.Order)) { best = e; bestScore = score; }
            }

            INamedTypeSymbol? type;
            if (symbol is INamedTypeSymbol named) type = named;
            else
            {
                string id = Id(symbol);
                Consider(_exact, id, 1000);
                Consider(_anyOverload, DocIds.Head(id), 900);
                type = symbol.ContainingType;
            }

            int depth = 0;
            for (var t = type; t is not null; t = t.ContainingType, depth++)
            {
                string tid = QualifiedName(t.OriginalDefinition);
                Consider(_types, tid, 800 - depth);
                if (depth == 0)
                {
                    int k = 0;
                    for (var b = t; b is not null; b = b.BaseType, k++)
                        Consider(_derived, QualifiedName(b.OriginalDefinition), 600 - k);
                }
                Consider(_wildcards, tid, 200 + 2 * Segments(tid));
            }

            var ns = type?.ContainingNamespace ?? symbol.ContainingNamespace;
            if (ns is not null && !ns.IsGlobalNamespace)
            {
                string nsName = QualifiedName(ns);
                Consider(_namespaces, nsName, 200 + 2 * Segments(nsName) + 1);
                for (var n = ns; n is not null && !n.IsGlobalNamespace; n = n.ContainingNamespace)
                {
                    string name = QualifiedName(n);
                    Consider(_wildcards, name, 200 + 2 * Segments(name));
                }
            }
            return best;
        }

        /// <summary>
        /// backward, backward_parameters or call of a [Layer] class, declared only in the generator's output
        /// (Edu.Sdk.Generators), not in the student's own code.
        /// </summary>
        bool IsGeneratedBackward(ISymbol symbol)
        {
            if (symbol is not IMethodSymbol { Name: "backward" or "backward_parameters" or "call" } method) return false;
            if (_layerAttribute is null || method.ContainingType is not { } type) return false;
            if (!type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _layerAttribute))) return false;
            return method.DeclaringSyntaxReferences.All(r => IsGeneratorOutput(r.SyntaxTree));
        }

        /// <summary>A syntax tree the Edu.Sdk generator added (its path names the generator's assembly).</summary>
        public static bool IsGeneratorOutput(SyntaxTree tree) =>
            tree.FilePath.Replace('\\', '/').IndexOf("Edu.Sdk.Generators/", System.StringComparison.Ordinal) >= 0;
    }
}
