using System.Collections.Generic;
using System.Globalization;
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
        /// <c>sum</c> or <c>mean</c> over several dims written in the call (<c>h.mean(new long[] { 2, 3 })</c>, a global
        /// average pool; <c>x.sum([-2, -1], keepdim: true)</c>): one reduction per dim, as the SDK computes it, in an
        /// order where each dim still names the same axis after the earlier ones are gone (the largest first when they
        /// count from the front, −2 before −1 from the back). A mean of means over equal-sized groups is the mean over
        /// both. Dims counted from both ends without keepdim would need the rank, which the generator does not know.
        /// </summary>
        int ReduceDims(bool mean, IOperation tensor, IOperation dims, IOperation keepdim, SyntaxNode syntax)
        {
            List<IOperation>? elements = Unwrap(dims) switch
            {
                IArrayCreationOperation { Initializer: { } init } => init.ElementValues.ToList(),
                ICollectionExpressionOperation collection when collection.Elements.All(x => x is not ISpreadOperation) => collection.Elements.ToList(),
                _ => null,
            };
            var values = elements?.Select(e => e.ConstantValue is { HasValue: true, Value: int or long } c ? System.Convert.ToInt64(c.Value, CultureInfo.InvariantCulture) : (long?)null).ToList();
            bool keptForSure = keepdim.ConstantValue is { HasValue: true, Value: true };
            if (values is null || values.Count == 0 || values.Any(v => v is null) ||
                (!keptForSure && values.Any(v => v < 0) && values.Any(v => v >= 0)))
                return Unsupported(Descriptors.ReductionDims, dims.Syntax, Short(dims.Syntax), mean ? "mean" : "sum");
            int id = Expr(tensor);
            if (id < 0 || Scalar(keepdim) is not { } keep) return -1;
            foreach (long dim in values.Select(v => v!.Value).Distinct().OrderBy(v => v >= 0 ? -v : v))
                id = Add(mean ? Op.MeanDim : Op.SumDim, new[] { id }, new[] { dim.ToString(CultureInfo.InvariantCulture), keep }, syntax);
            return id;
        }
    }
}
