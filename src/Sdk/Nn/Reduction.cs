namespace Edu.Sdk;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>How a loss combines its per-element values, as in TorchSharp and PyTorch.</summary>
        public enum Reduction
        {
            /// <summary>No reduction: one loss value per element (per row for the classification losses).</summary>
            None,
            /// <summary>The mean over elements (over rows for the classification losses): the default.</summary>
            Mean,
            /// <summary>The sum over elements.</summary>
            Sum,
        }

        /// <summary>Applies a <see cref="Reduction"/> to per-element losses (recorded like any op).</summary>
        internal static Tensor Reduce(Tensor perElement, Reduction reduction) => reduction switch
        {
            Reduction.None => perElement,
            Reduction.Sum => perElement.sum(),
            Reduction.Mean => perElement.mean(),
            _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Reduction must be None, Mean or Sum."),
        };
    }
}
