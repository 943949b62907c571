using Microsoft.CodeAnalysis;

namespace Edu.Sdk.Generators.Parsing
{
    /// <summary>The SDK types the parser recognises, looked up once per parse.</summary>
    internal sealed class KnownTypes
    {
        public const string TensorName = "Edu.Sdk.torch+Tensor";
        public const string ParameterName = "Edu.Sdk.Nn.Parameter";
        public const string TorchName = "Edu.Sdk.torch";
        public const string DifferentiableName = "Edu.Sdk.DifferentiableAttribute";
        public const string NonDifferentiableName = "Edu.Sdk.NonDifferentiableAttribute";
        public const string AutogradReferenceName = "Edu.Sdk.AutogradReferenceAttribute";
        public const string LayerName = "Edu.Sdk.LayerAttribute";

        public readonly INamedTypeSymbol? Tensor, Parameter, Torch;

        public KnownTypes(Compilation compilation)
        {
            Tensor = compilation.GetTypeByMetadataName(TensorName);
            Parameter = compilation.GetTypeByMetadataName(ParameterName);
            Torch = compilation.GetTypeByMetadataName(TorchName);
        }

        public bool IsTensor(ITypeSymbol? type)
        {
            for (var t = type; t is not null; t = t.BaseType)
                if (SymbolEqualityComparer.Default.Equals(t, Tensor)) return true;
            return false;
        }

        public bool IsParameter(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, Parameter);

        /// <summary>True for members of <c>torch</c> and of its nested classes (<c>torch.nn.functional</c>, ...), but not of Tensor.</summary>
        public bool IsTorchFunction(IMethodSymbol m)
        {
            if (SymbolEqualityComparer.Default.Equals(m.ContainingType, Tensor)) return false;
            for (var t = m.ContainingType; t is not null; t = t.ContainingType)
                if (SymbolEqualityComparer.Default.Equals(t, Torch)) return true;
            return false;
        }

        public static bool HasAttribute(ISymbol symbol, string metadataName)
        {
            foreach (var a in symbol.GetAttributes())
                if (a.AttributeClass?.ToDisplayString() == metadataName) return true;
            return false;
        }
    }
}
