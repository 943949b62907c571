using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace Edu.Sdk.Generators.Parsing
{
    /// <summary>
    /// Whether a bound method body has errors the compiler will report (so the generator stays silent and emits
    /// nothing): invalid operations, values of an error type, conversions that do not exist. Read from the operation
    /// tree the parser needs anyway, instead of the semantic model's diagnostics, which add flow analysis per method.
    /// </summary>
    internal static class BindingErrors
    {
        public static bool Any(IOperation root)
        {
            foreach (var o in root.DescendantsAndSelf())
            {
                if (o is IInvalidOperation) return true;
                if (o.Type is { TypeKind: TypeKind.Error }) return true;
                if (o is IConversionOperation c && !c.GetConversion().Exists) return true;
                if (o is IInvocationOperation { TargetMethod: var m } && m.ReturnType.TypeKind == TypeKind.Error) return true;
            }
            return false;
        }
    }
}
