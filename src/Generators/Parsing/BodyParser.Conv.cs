using System.Collections.Generic;
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

        /// <summary>The argument bound to the first of <paramref name="names"/> the overload has (stride, or TorchSharp's strides).</summary>
        static IOperation? Arg(IInvocationOperation inv, params string[] names) =>
            names.Select(n => Arg(inv, n)).FirstOrDefault(a => a is not null);

        /// <summary>A number argument (long, or long? that may be null → <paramref name="whenNull"/>), as C# text.</summary>
        string? Number(IOperation? e, string whenNull)
        {
            if (e is null || IsNullOrDefault(e)) return whenNull;
            if (e.Type is { SpecialType: not (SpecialType.System_Int64 or SpecialType.System_Int32) } t && !(t is INamedTypeSymbol { Name: "Nullable" }))
                return null;
            return Scalar(e);
        }

        /// <summary>A window size of conv2d or max_pool2d: one number for both axes, or (height, width).</summary>
        sealed class Size
        {
            public string H = "", W = "";
            public bool Pair;
            public static Size Both(string s) => new Size { H = s, W = s };
            /// <summary>The size as one number, or as a pair; a single number made a pair is read once (<see cref="NumberText.Both"/>).</summary>
            public string Text(bool pair) => !pair ? H : Pair ? "(" + H + ", " + W + ")" : NumberText.Both(H);
        }

        /// <summary>
        /// A size argument written as a number (<c>2</c>), a tuple (<c>(2, 1)</c>) or an inline array of one or two
        /// numbers (<c>new long[] { 2, 1 }</c>, <c>[2, 1]</c>); <paramref name="whenNull"/> when absent. Null after a
        /// diagnostic on the argument.
        /// </summary>
        Size? SizeArg(IOperation? e, Size? whenNull, string op, string parameter)
        {
            if (e is null || IsNullOrDefault(e)) return whenNull;
            int errors = _diagnostics.Count;
            var s = Unwrap(e);
            List<IOperation>? elements = s switch
            {
                ITupleOperation tuple => tuple.Elements.ToList(),
                IArrayCreationOperation { Initializer: { } init } => init.ElementValues.ToList(),
                ICollectionExpressionOperation collection when collection.Elements.All(x => x is not ISpreadOperation) => collection.Elements.ToList(),
                _ => null,
            };
            Size? size = null;
            if (elements is null)
            {
                if (Number(s, "") is { Length: > 0 } n) size = Size.Both(n);
            }
            else if (elements.Count is 1 or 2 && Number(elements[0], "") is { Length: > 0 } h && Number(elements[elements.Count - 1], "") is { Length: > 0 } w)
                size = new Size { H = h, W = w, Pair = elements.Count == 2 };
            if (size is null && _diagnostics.Count == errors) Report(Descriptors.WindowSize, e.Syntax, Short(e.Syntax), parameter, op);
            return size;
        }

        /// <summary>
        /// <c>conv2d(x, w, b, stride, padding)</c>: stride and padding as numbers, (height, width) tuples or inline
        /// arrays, positional or named. Attrs keep one number each when both are numbers, else two tuples.
        /// </summary>
        int Conv2d(IInvocationOperation inv)
        {
            var input = Arg(inv, "input");
            var weight = Arg(inv, "weight");
            var bias = Arg(inv, "bias");
            var stride = SizeArg(Arg(inv, "stride", "strides"), Size.Both("1"), "conv2d", "stride");
            var padding = SizeArg(Arg(inv, "padding"), Size.Both("0"), "conv2d", "padding");
            if (stride is null || padding is null) return -1;
            if (input is null || weight is null)
                return Unsupported(Descriptors.UnsupportedTensorOperation, inv.Syntax, "conv2d without an input and a weight");
            bool pair = stride.Pair || padding.Pair;
            var attrs = new[] { stride.Text(pair), padding.Text(pair), pair ? NumberText.Pairs : "" };
            int x = Expr(input), w = Expr(weight);
            if (x < 0 || w < 0) return -1;
            if (bias is null || IsNullOrDefault(bias)) return Add(Op.Conv2d, new[] { x, w }, attrs, inv.Syntax);
            int b = Expr(bias);
            return b < 0 ? -1 : Add(Op.Conv2d, new[] { x, w, b }, attrs, inv.Syntax);
        }

        /// <summary>
        /// <c>max_pool2d(x, kernel_size, stride, padding)</c> with numbers, (height, width) tuples or inline arrays. A
        /// missing stride is 0 (the kernel size) with numbers, the kernel's pair with pairs.
        /// </summary>
        int MaxPool2d(IInvocationOperation inv)
        {
            var input = Arg(inv, "input");
            var kernel = Arg(inv, "kernel_size");
            var strideArg = Arg(inv, "stride", "strides");
            bool hasStride = strideArg is not null && !IsNullOrDefault(strideArg);
            if (input is null || kernel is null) return Unsupported(Descriptors.UnsupportedTensorOperation, inv.Syntax, "max_pool2d without an input and a kernel size");
            var k = SizeArg(kernel, null, "max_pool2d", "kernel_size");
            var stride = hasStride ? SizeArg(strideArg, null, "max_pool2d", "stride") : null;
            var padding = SizeArg(Arg(inv, "padding"), Size.Both("0"), "max_pool2d", "padding");
            if (k is null || padding is null || (hasStride && stride is null)) return -1;
            bool pair = k.Pair || padding.Pair || stride is { Pair: true };
            var attrs = new[] { k.Text(pair), stride?.Text(pair) ?? (pair ? k.Text(true) : "0"), padding.Text(pair) };
            int x = Expr(input);
            return x < 0 ? -1 : Add(Op.MaxPool2d, new[] { x }, attrs, inv.Syntax);
        }

        /// <summary><c>adaptive_max_pool2d(x, s)</c>, <c>adaptive_max_pool2d(x, (oh, ow))</c> or an inline array.</summary>
        int AdaptiveMaxPool2d(IInvocationOperation inv)
        {
            var input = Arg(inv, "input");
            var size = SizeArg(Arg(inv, "output_size"), null, "adaptive_max_pool2d", "output_size");
            if (size is null) return -1;
            if (input is null) return Unsupported(Descriptors.UnsupportedTensorOperation, inv.Syntax, "adaptive_max_pool2d without an input");
            int x = Expr(input);
            // One number that is not a constant is read once, as a pair (LayerWorkspace.Both), not once per axis.
            var attrs = size.Pair || NumberText.IsConstant(size.H) ? new[] { size.H, size.W } : new[] { size.Text(true) };
            return x < 0 ? -1 : Add(Op.AdaptiveMaxPool2d, new[] { x }, attrs, inv.Syntax);
        }
    }
}
