using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edu.Sdk.Analyzers.Analysis
{
    /// <summary>
    /// Where a diagnostic goes: the name the student wrote for the symbol (<c>backward</c> in
    /// <c>loss.backward()</c>, <c>Linear</c> in <c>new Edu.Sdk.Nn.Linear(3, 1)</c>), so that chained calls put
    /// each diagnostic under its own name.
    /// </summary>
    internal static class Spans
    {
        public static Location NameOf(SyntaxNode node)
        {
            switch (node)
            {
                case InvocationExpressionSyntax invocation:
                    return NameOf(invocation.Expression);
                case MemberAccessExpressionSyntax access:
                    return access.Name.Identifier.GetLocation();
                case MemberBindingExpressionSyntax binding:
                    return binding.Name.Identifier.GetLocation();
                case SimpleNameSyntax name:
                    return name.Identifier.GetLocation();
                case QualifiedNameSyntax qualified:
                    return qualified.Right.Identifier.GetLocation();
                case AliasQualifiedNameSyntax alias:
                    return alias.Name.Identifier.GetLocation();
                case ObjectCreationExpressionSyntax creation:
                    return NameOf(creation.Type);
                case ImplicitObjectCreationExpressionSyntax implicitCreation:
                    return implicitCreation.NewKeyword.GetLocation();
                case TypeOfExpressionSyntax typeOf:
                    return NameOf(typeOf.Type);
                default:
                    return node.GetLocation();
            }
        }
    }
}
