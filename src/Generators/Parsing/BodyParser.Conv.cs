using System.Linq;
using Edu.Sdk.Generators.Diagnostics;
using Edu.Sdk.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Edu.Sdk.Generators.Parsing
{
    internal sealed partial class BodyParser
    {
        /// <summary>The argument bound to parameter <paramref name="name"/> (given or defaulted).</summary>
        static IOperation? Arg(IInvocationOperation inv, string name) =>
            inv.Arguments.FirstOrDefault(a => a.Parameter?.Name == name)?.Value;

        /// <summary>A number argument (long, or long? that may be null → <paramref name="whenNull"/>), as C# text.</summary>
        string? Number(IOperation? e, string whenNull)
        {
            if (e is null || IsNullOrDefault(e)) return whenNull;
            if (e.Type is { SpecialType: not (SpecialType.System_Int64 or SpecialType.System_Int32) } t && !(t is INamedTypeSymbol { Name: "Nullable" }))
                return null;
            return Scalar(e);
        }

        /// <summary><c>conv2d(x, w, b, stride, padding)</c> with one number for each of stride and padding.</summary>
        int Conv2d(IInvocationOperation inv)
        {
            var input = Arg(inv, "input");
            var weight = Arg(inv, "weight");
            var bias = Arg(inv, "bias");
            var stride = Number(Arg(inv, "stride"), "1");
            var padding = Number(Arg(inv, "padding"), "0");
            if (input is null || weight is null || stride is null || padding is null)
                return Unsupported(Descriptors.UnsupportedTensorOperation, inv.Syntax, "conv2d with (height, width) pairs");
            int x = Expr(input), w = Expr(weight);
            if (x < 0 || w < 0) return -1;
            if (bias is null || IsNullOrDefault(bias)) return Add(Op.Conv2d, new[] { x, w }, new[] { stride, padding }, inv.Syntax);
            int b = Expr(bias);
            return b < 0 ? -1 : Add(Op.Conv2d, new[] { x, w, b }, new[] { stride, padding }, inv.Syntax);
        }

        /// <summary><c>max_pool2d(x, kernel_size, stride, padding)</c> with numbers.</summary>
        int MaxPool2d(IInvocationOperation inv)
        {
            var input = Arg(inv, "input");
            var k = Number(Arg(inv, "kernel_size"), "0");
            var stride = Number(Arg(inv, "stride"), "0");
            var padding = Number(Arg(inv, "padding"), "0");
            if (input is null || k is null || stride is null || padding is null)
                return Unsupported(Descriptors.UnsupportedTensorOperation, inv.Syntax, "max_pool2d with (height, width) pairs");
            int x = Expr(input);
            return x < 0 ? -1 : Add(Op.MaxPool2d, new[] { x }, new[] { k, stride, padding }, inv.Syntax);
        }

        /// <summary><c>adaptive_max_pool2d(x, s)</c> or <c>adaptive_max_pool2d(x, (oh, ow))</c>.</summary>
        int AdaptiveMaxPool2d(IInvocationOperation inv)
        {
            var input = Arg(inv, "input");
            var size = Arg(inv, "output_size");
            string? oh = null, ow = null;
            if (size is not null)
            {
                var s = Unwrap(size);
                if (s is ITupleOperation { Elements.Length: 2 } tuple) { oh = Number(tuple.Elements[0], "1"); ow = Number(tuple.Elements[1], "1"); }
                else if (s.Type?.SpecialType is SpecialType.System_Int64 or SpecialType.System_Int32) oh = ow = Scalar(s);
            }
            if (input is null || oh is null || ow is null)
                return Unsupported(Descriptors.UnsupportedTensorOperation, inv.Syntax, "adaptive_max_pool2d with an array size");
            int x = Expr(input);
            return x < 0 ? -1 : Add(Op.AdaptiveMaxPool2d, new[] { x }, new[] { oh, ow }, inv.Syntax);
        }
    }
}
