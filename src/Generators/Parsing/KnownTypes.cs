using System.Linq;
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
        public const string ILayerName = "Edu.Sdk.Layers.ILayer";
        public const string IGeneratedLayerName = "Edu.Sdk.Layers.IGeneratedLayer";

        public readonly INamedTypeSymbol? Tensor, Parameter, Torch, ILayer, IGeneratedLayer;

        public KnownTypes(Compilation compilation)
        {
            Tensor = compilation.GetTypeByMetadataName(TensorName);
            Parameter = compilation.GetTypeByMetadataName(ParameterName);
            Torch = compilation.GetTypeByMetadataName(TorchName);
            ILayer = compilation.GetTypeByMetadataName(ILayerName);
            IGeneratedLayer = compilation.GetTypeByMetadataName(IGeneratedLayerName);
        }

        /// <summary>A [Layer] class (its generated members may not exist yet) or a type implementing ILayer.</summary>
        public bool IsLayer(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol named || type.TypeKind != TypeKind.Class) return false;
            if (HasAttribute(named, LayerName)) return true;
            return Implements(named, ILayer);
        }

        public static bool Implements(ITypeSymbol type, INamedTypeSymbol? iface) =>
            iface is not null && type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, iface));

        /// <summary>
        /// The element type of an array or list of layers (T[], List&lt;T&gt;, IReadOnlyList&lt;T&gt;, IList&lt;T&gt;),
        /// with the member that counts them ("Length" or "Count"); null for anything else.
        /// </summary>
        public ITypeSymbol? LayerElement(ITypeSymbol? type, out string countMember)
        {
            countMember = "";
            if (type is IArrayTypeSymbol { Rank: 1 } array && IsLayer(array.ElementType)) { countMember = "Length"; return array.ElementType; }
            if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named &&
                named.Name is "List" or "IReadOnlyList" && IsLayer(named.TypeArguments[0]))
            {
                countMember = "Count";
                return named.TypeArguments[0];
            }
            return null;
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
