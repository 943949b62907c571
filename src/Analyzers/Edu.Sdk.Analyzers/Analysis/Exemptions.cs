using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Edu.Sdk.Analyzers.Analysis
{
    /// <summary>Whether code sits inside an [AutogradReference] type (or a type nested in one).</summary>
    internal sealed class Exemptions
    {
        readonly INamedTypeSymbol? _reference;
        readonly ConcurrentDictionary<INamedTypeSymbol, bool> _cache = new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);

        public Exemptions(Compilation compilation) =>
            _reference = compilation.GetTypeByMetadataName("Edu.Sdk.AutogradReferenceAttribute");

        public INamedTypeSymbol? ReferenceAttribute => _reference;

        public bool IsReferenceType(INamedTypeSymbol type) =>
            _reference is not null && type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _reference));

        /// <summary>True when <paramref name="symbol"/> (the code's containing member or type) lies inside a reference type.</summary>
        public bool Inside(ISymbol? symbol)
        {
            if (_reference is null) return false;
            var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
            for (; type is not null; type = type.ContainingType)
                if (_cache.GetOrAdd(type, IsReferenceType)) return true;
            return false;
        }
    }
}
