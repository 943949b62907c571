using Edu.Sdk.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edu.Sdk.Generators.Parsing
{
    /// <summary>
    /// The text of a number or a condition of the student's method as the generated file must write it: the generated
    /// file has its own using directives, not the student's file's, so every name found through a using is written in
    /// full (<c>Math.Sqrt(d)</c> is <c>global::System.Math.Sqrt(d)</c>, <c>Sqrt(d)</c> under <c>using static
    /// System.Math;</c> too, an alias is what it names, an extension method a static call on the receiver converted to
    /// the type the extension takes, so that the same overload is chosen). Locals, parameters and the layer's own
    /// members stay as written: the generated code is part of the same class. Copying the student's usings instead
    /// would let them change what the generated code's own names mean (a type named Activation; found by a review).
    /// </summary>
    internal static class QualifiedText
    {
        /// <summary>Types in full, never as keywords or shorthands (<c>Double</c> stays a name, not <c>double</c>, which a name cannot be).</summary>
        static readonly SymbolDisplayFormat s_full = SymbolDisplayFormat.FullyQualifiedFormat
            .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes)
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.ExpandNullable);

        /// <summary>
        /// The expression's text on one line (see <see cref="StudentText.OneLine"/>), its names qualified; null when the
        /// generated file cannot write it (<paramref name="unreachable"/> then says what: a file-local type, a query).
        /// </summary>
        public static string? Of(SyntaxNode expression, SemanticModel model, INamedTypeSymbol layer, out SyntaxNode? unreachable)
        {
            var rewriter = new Rewriter(model, layer);
            var rewritten = rewriter.Visit(expression);
            unreachable = rewriter.Unreachable;
            return unreachable is null ? StudentText.OneLine(rewritten) : null;
        }

        sealed class Rewriter : CSharpSyntaxRewriter
        {
            readonly SemanticModel _model;
            readonly INamedTypeSymbol _layer;

            public Rewriter(SemanticModel model, INamedTypeSymbol layer)
            {
                _model = model;
                _layer = layer;
            }

            /// <summary>The first part the generated file cannot write, if any.</summary>
            public SyntaxNode? Unreachable { get; private set; }

            public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node) =>
                node.IsVar ? node : Qualified(node, base.VisitIdentifierName(node)!);

            public override SyntaxNode? VisitGenericName(GenericNameSyntax node) => Qualified(node, base.VisitGenericName(node)!);

            /// <summary>alias::Name with an alias of the student's file: what it names, in full (global::Name stays).</summary>
            public override SyntaxNode? VisitAliasQualifiedName(AliasQualifiedNameSyntax node)
            {
                if (node.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword)) return node;
                return _model.GetSymbolInfo(node).Symbol is { } symbol && Written(symbol) is { } text
                    ? SyntaxFactory.ParseTypeName(text).WithTriviaFrom(node)
                    : node;
            }

            /// <summary>{global::...} in an interpolation would read the ':' as the start of a format: the hole is parenthesized.</summary>
            public override SyntaxNode? VisitInterpolation(InterpolationSyntax node)
            {
                var rewritten = (InterpolationSyntax)base.VisitInterpolation(node)!;
                return rewritten.Expression.ToFullString().Contains("::")
                    ? rewritten.WithExpression(SyntaxFactory.ParenthesizedExpression(rewritten.Expression.WithoutTrivia()))
                    : rewritten;
            }

            public override SyntaxNode? VisitQueryExpression(QueryExpressionSyntax node)
            {
                // Query syntax binds to Select/Where through the file's usings, and has no form written in full.
                Unreachable ??= node;
                return node;
            }

            public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
            {
                // nameof(...) is a constant: its string, whatever the usings.
                if (node.Expression is IdentifierNameSyntax { Identifier.Text: "nameof" } && _model.GetConstantValue(node) is { HasValue: true, Value: string name })
                    return SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name)).WithTriviaFrom(node);
                var rewritten = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
                if (_model.GetSymbolInfo(node).Symbol is not IMethodSymbol { ReducedFrom: not null } extension) return rewritten;
                if (node.Expression is not MemberAccessExpressionSyntax || rewritten.Expression is not MemberAccessExpressionSyntax access)
                {
                    // recv?.Ext(): the static form would need the null test written out.
                    Unreachable ??= node;
                    return rewritten;
                }
                return StaticCall(node, rewritten, access, extension);
            }

            /// <summary>
            /// recv.Ext(args) as Type.Ext(recv, args): the receiver converted to the type the extension takes, as the
            /// extension call converts it, so that overload resolution picks the same method (an int receiver of
            /// Of(this object) would otherwise choose Of(double)); a ref receiver passed by ref.
            /// </summary>
            SyntaxNode StaticCall(InvocationExpressionSyntax original, InvocationExpressionSyntax rewritten, MemberAccessExpressionSyntax access, IMethodSymbol extension)
            {
                var method = SyntaxFactory.ParseName(extension.ContainingType.ToDisplayString(s_full) + "." + access.Name.WithoutTrivia().ToFullString());
                var refKind = extension.ReducedFrom!.Parameters[0].RefKind;
                InvocationExpressionSyntax Call(ExpressionSyntax receiver)
                {
                    var argument = SyntaxFactory.Argument(receiver);
                    if (refKind == RefKind.Ref) argument = argument.WithRefKindKeyword(SyntaxFactory.Token(SyntaxKind.RefKeyword).WithTrailingTrivia(SyntaxFactory.Space));
                    return SyntaxFactory.InvocationExpression(method, rewritten.ArgumentList.WithArguments(rewritten.ArgumentList.Arguments.Insert(0, argument)))
                        .WithTriviaFrom(original);
                }
                var call = Call(access.Expression.WithoutTrivia());
                // The receiver as written when the static call binds the same method, which it does unless a better
                // conversion for another overload exists (checked by binding the call where the student's is).
                var bound = _model.GetSpeculativeSymbolInfo(original.SpanStart, call, SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol;
                if (refKind != RefKind.None || extension.ReceiverType is not { } receiverType ||
                    SymbolEqualityComparer.Default.Equals(bound?.OriginalDefinition, extension.ReducedFrom.OriginalDefinition)) return call;
                return Call(SyntaxFactory.ParenthesizedExpression(SyntaxFactory.CastExpression(
                    SyntaxFactory.ParseTypeName(receiverType.ToDisplayString(s_full)), SyntaxFactory.ParenthesizedExpression(access.Expression.WithoutTrivia()))));
            }

            /// <summary><paramref name="rewritten"/> (the name with its type arguments already visited) written in full when a using found it.</summary>
            SyntaxNode Qualified(SimpleNameSyntax original, SyntaxNode rewritten)
            {
                // The member of something written before it (a.B, A.B, global::B) is found through that, not a using.
                if (original.Parent is MemberAccessExpressionSyntax m && m.Name == original) return rewritten;
                if (original.Parent is QualifiedNameSyntax q && q.Right == original) return rewritten;
                if (original.Parent is AliasQualifiedNameSyntax or NameColonSyntax or NameEqualsSyntax) return rewritten;
                var symbol = _model.GetSymbolInfo(original).Symbol;
                if (symbol is null) return rewritten;
                if (symbol is ITypeSymbol t && t.OriginalDefinition is INamedTypeSymbol { IsFileLocal: true })
                {
                    Unreachable ??= original;
                    return rewritten;
                }
                string? text = symbol switch
                {
                    INamespaceSymbol or ITypeSymbol => Written(symbol),
                    IMethodSymbol { IsStatic: true, MethodKind: MethodKind.Ordinary } or IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true } or IEventSymbol { IsStatic: true }
                        when !SeenFromLayer(symbol.ContainingType) => symbol.ContainingType.ToDisplayString(s_full) + "." + rewritten.WithoutTrivia().ToFullString(),
                    _ => null,
                };
                if (text is null) return rewritten;
                return (symbol is ITypeSymbol ? SyntaxFactory.ParseTypeName(text) : SyntaxFactory.ParseName(text)).WithTriviaFrom(original);
            }

            /// <summary>A namespace or a type in full (a type parameter or dynamic as written: none is found through a using).</summary>
            static string? Written(ISymbol symbol) => symbol switch
            {
                INamespaceSymbol { IsGlobalNamespace: false } ns => "global::" + ns.ToDisplayString(),
                INamedTypeSymbol or IArrayTypeSymbol or IPointerTypeSymbol => ((ITypeSymbol)symbol).ToDisplayString(s_full),
                _ => null,
            };

            /// <summary>True when the layer sees the members of <paramref name="type"/> by their simple names: itself, a class around it, or a base class.</summary>
            bool SeenFromLayer(INamedTypeSymbol? type)
            {
                for (var t = _layer; t is not null; t = t.ContainingType)
                    for (var b = t; b is not null; b = b.BaseType)
                        if (SymbolEqualityComparer.Default.Equals(b.OriginalDefinition, type?.OriginalDefinition)) return true;
                return false;
            }
        }
    }
}
