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
    /// System.Math;</c> too, an alias is its type, an extension method a static call). Locals, parameters and the
    /// layer's own members stay as written: the generated code is part of the same class. Copying the student's
    /// usings instead would let them change what the generated code's own names mean (a type named Activation).
    /// </summary>
    internal static class QualifiedText
    {
        /// <summary>The expression's text on one line (see <see cref="StudentText.OneLine"/>), its names qualified.</summary>
        public static string Of(SyntaxNode expression, SemanticModel model, INamedTypeSymbol layer) =>
            StudentText.OneLine(new Rewriter(model, layer).Visit(expression));

        sealed class Rewriter : CSharpSyntaxRewriter
        {
            readonly SemanticModel _model;
            readonly INamedTypeSymbol _layer;

            public Rewriter(SemanticModel model, INamedTypeSymbol layer)
            {
                _model = model;
                _layer = layer;
            }

            public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node) => Qualified(node, base.VisitIdentifierName(node)!);

            public override SyntaxNode? VisitGenericName(GenericNameSyntax node) => Qualified(node, base.VisitGenericName(node)!);

            /// <summary>recv.Ext(args) for an extension method: Type.Ext(recv, args), which needs no using.</summary>
            public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
            {
                var rewritten = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
                if (_model.GetSymbolInfo(node).Symbol is not IMethodSymbol { ReducedFrom: { } extension } ||
                    node.Expression is not MemberAccessExpressionSyntax ||
                    rewritten.Expression is not MemberAccessExpressionSyntax access) return rewritten;
                var method = SyntaxFactory.ParseName(Full(extension.ContainingType) + "." + access.Name.WithoutTrivia().ToFullString());
                var receiver = SyntaxFactory.Argument(access.Expression.WithoutTrivia());
                return SyntaxFactory.InvocationExpression(method, rewritten.ArgumentList.WithArguments(rewritten.ArgumentList.Arguments.Insert(0, receiver)))
                    .WithTriviaFrom(node);
            }

            /// <summary><paramref name="rewritten"/> (the name with its type arguments already visited) written in full when a using found it.</summary>
            SyntaxNode Qualified(SimpleNameSyntax original, SyntaxNode rewritten)
            {
                // The member of something written before it (a.B, A.B, alias::B) is found through that, not a using.
                if (original.Parent is MemberAccessExpressionSyntax m && m.Name == original) return rewritten;
                if (original.Parent is QualifiedNameSyntax q && q.Right == original) return rewritten;
                if (original.Parent is AliasQualifiedNameSyntax or NameColonSyntax or NameEqualsSyntax) return rewritten;
                var symbol = _model.GetSymbolInfo(original).Symbol;
                string? text = symbol switch
                {
                    INamespaceSymbol ns when !ns.IsGlobalNamespace => "global::" + ns.ToDisplayString(),
                    INamedTypeSymbol type => Full(type),
                    IMethodSymbol { IsStatic: true, MethodKind: MethodKind.Ordinary } method when !SeenFromLayer(method.ContainingType) =>
                        Full(method.ContainingType) + "." + rewritten.WithoutTrivia().ToFullString(),
                    IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true } or IEventSymbol { IsStatic: true } when !SeenFromLayer(symbol.ContainingType) =>
                        Full(symbol.ContainingType) + "." + rewritten.WithoutTrivia().ToFullString(),
                    _ => null,
                };
                return text is null ? rewritten : SyntaxFactory.ParseName(text).WithTriviaFrom(original);
            }

            /// <summary>True when the layer sees the members of <paramref name="type"/> by their simple names: itself, a class around it, or a base class.</summary>
            bool SeenFromLayer(INamedTypeSymbol? type)
            {
                for (var t = _layer; t is not null; t = t.ContainingType)
                    for (var b = t; b is not null; b = b.BaseType)
                        if (SymbolEqualityComparer.Default.Equals(b.OriginalDefinition, type?.OriginalDefinition)) return true;
                return false;
            }

            static string Full(INamedTypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        }
    }
}
