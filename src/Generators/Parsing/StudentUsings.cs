using System.Collections.Generic;
using System.Linq;
using Edu.Sdk.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edu.Sdk.Generators.Parsing
{
    /// <summary>
    /// The using directives around the differentiable method, for the generated file: it copies the method's numbers
    /// and conditions as written (<c>Math.Sqrt(d)</c>, <c>Sqrt(d)</c> under <c>using static System.Math;</c>), which
    /// must find the same names there. Global usings apply to the generated file already and are left out.
    /// </summary>
    internal static class StudentUsings
    {
        /// <summary>The directives of the method's file, then those of the namespaces around it, outermost first; each as one line.</summary>
        public static (EquatableArray<string> File, EquatableArray<string> Namespace) Of(SyntaxNode method)
        {
            var file = new List<string>();
            var inNamespaces = new List<string>();
            foreach (var ancestor in method.Ancestors().Reverse())
            {
                if (ancestor is CompilationUnitSyntax unit)
                    file.AddRange(unit.Usings.Where(u => !u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword)).Select(StudentText.OneLine));
                else if (ancestor is BaseNamespaceDeclarationSyntax ns)
                    inNamespaces.AddRange(ns.Usings.Select(StudentText.OneLine));
            }
            return (file.Distinct().ToEquatableArray(), inNamespaces.Distinct().ToEquatableArray());
        }
    }
}
