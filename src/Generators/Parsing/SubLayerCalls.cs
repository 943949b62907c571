using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Edu.Sdk.Generators.Parsing
{
    /// <summary>What the parent's generated code needs to know about a call into a sub-layer: which arguments get a gradient, and whether the sub-layer has <c>backward_parameters</c>.</summary>
    internal static class SubLayerCalls
    {
        /// <summary>
        /// Describes <paramref name="inv"/>, a call on a layer-typed receiver: the [Differentiable] method of a [Layer]
        /// class, or <c>forward</c> of a compiled generated layer. Otherwise gives the method to call instead.
        /// </summary>
        public static bool TryDescribe(IInvocationOperation inv, KnownTypes types, out string mask, out bool backwardParameters, out string expected)
        {
            mask = "";
            backwardParameters = false;
            var type = inv.Instance!.Type!;
            var m = inv.TargetMethod;
            if (KnownTypes.HasAttribute(type, KnownTypes.LayerName))
            {
                var differentiable = type.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(x => KnownTypes.HasAttribute(x, KnownTypes.DifferentiableName));
                expected = differentiable?.Name ?? "Model";
                if (differentiable is null || !SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, differentiable) || m.IsStatic) return false;
                mask = string.Concat(m.Parameters.Select(p => KnownTypes.HasAttribute(p, KnownTypes.NonDifferentiableName) ? "n" : "d"));
                backwardParameters = mask.Contains('d') && HasParameters(type, types);
                return true;
            }
            expected = "forward";
            if (!KnownTypes.Implements(type, types.IGeneratedLayer) || m.Name != "forward" || m.Parameters.Length != 1 || !types.IsTensor(m.Parameters[0].Type)) return false;
            mask = "d";
            backwardParameters = type.GetMembers("backward_parameters").Length > 0;
            return true;
        }

        /// <summary>True when the layer has Parameter fields or sub-layer fields (so its generated surface has <c>backward_parameters</c>).</summary>
        public static bool HasParameters(ITypeSymbol type, KnownTypes types) =>
            type.GetMembers().OfType<IFieldSymbol>().Any(f => !f.IsStatic &&
                (types.IsParameter(f.Type) || types.IsLayer(f.Type) || types.LayerElement(f.Type, out _) is not null));
    }
}
