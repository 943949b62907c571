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
        /// <summary>
        /// <c>cat([a, b], dim)</c> or <c>torch.cat(new[] { a, b }, dim)</c>: one node whose operands are the listed
        /// tensors (parameters too). The list must be written in the call, so each operand is a value of the graph.
        /// </summary>
        int Cat(IInvocationOperation inv)
        {
            var list = Arg(inv, "tensors");
            if (list is null) return Unsupported(Descriptors.UnsupportedTensorOperation, inv.Syntax, "cat without its tensors");
            List<IOperation>? elements = Unwrap(list) switch
            {
                IArrayCreationOperation { Initializer: { } init } => init.ElementValues.ToList(),
                ICollectionExpressionOperation collection => collection.Elements.ToList(),
                _ => null,
            };
            if (elements is null || elements.Count == 0) return Unsupported(Descriptors.CatOperands, list.Syntax, Short(list.Syntax));
            if (elements.FirstOrDefault(e => e is ISpreadOperation) is { } spread) return Unsupported(Descriptors.CatOperands, spread.Syntax, Short(spread.Syntax));
            var dimArg = Arg(inv, "dim");
            string? dim = dimArg is null ? "0" : Scalar(dimArg);
            if (dim is null) return -1;
            var args = new List<int>();
            foreach (var e in elements)
            {
                int id = Expr(e);
                if (id < 0) return -1;
                args.Add(id);
            }
            return Add(Op.Cat, args.ToArray(), new[] { dim }, inv.Syntax);
        }
    }
}
