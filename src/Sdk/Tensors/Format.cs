using System.Globalization;
using System.Text;

namespace Edu.Sdk;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>
        /// The tensor as PyTorch prints it: <c>tensor([[1.0000, 2.0000], ...])</c>, 4 decimals, one width for all
        /// elements, scientific notation when magnitudes span more than 1000x, and only the first and last three
        /// entries of each dimension when the tensor has more than 1000 elements.
        /// </summary>
        public override string ToString() => TensorFormatter.Format(this);
    }

    /// <summary>PyTorch-style printing (<c>torch._tensor_str</c>'s rules, simplified).</summary>
    static class TensorFormatter
    {
        const int Threshold = 1000, EdgeItems = 3;
        const string Prefix = "tensor(";

        public static string Format(Tensor t)
        {
            var x = t.Contiguous();
            bool summarize = x._numel > Threshold;
            var shown = new List<double>();
            Collect(x, 0, 0, summarize, shown);
            var fmt = ChooseFormat(x.dtype, shown);
            int width = shown.Count == 0 ? 0 : shown.Max(v => fmt(v).Length);
            var sb = new StringBuilder(Prefix);
            if (x.dim() == 0) sb.Append(fmt(x.GetFlat(0)));
            else Write(sb, x, 0, 0, summarize, fmt, width);
            if (x.dtype == ScalarType.Float64) sb.Append(", dtype=torch.float64");
            else if (x._numel == 0 && x.dtype != ScalarType.Float32) sb.Append(", dtype=torch.").Append(x.dtype.ToString().ToLowerInvariant());
            if (x._numel == 0 && x.dim() != 1) sb.Append(", size=(").Append(string.Join(", ", x._dims)).Append(')');
            return sb.Append(')').ToString();
        }

        static IEnumerable<int> Indices(int size, bool summarize) =>
            summarize && size > 2 * EdgeItems
                ? Enumerable.Range(0, EdgeItems).Concat(Enumerable.Range(size - EdgeItems, EdgeItems))
                : Enumerable.Range(0, size);

        static int Stride(Tensor x, int dim)
        {
            int s = 1;
            for (int i = dim + 1; i < x.dim(); i++) s *= x._dims[i];
            return s;
        }

        static void Collect(Tensor x, int dim, int offset, bool summarize, List<double> into)
        {
            if (x.dim() == 0) { into.Add(x.GetFlat(0)); return; }
            int stride = Stride(x, dim);
            foreach (int i in Indices(x._dims[dim], summarize))
            {
                if (dim == x.dim() - 1) into.Add(x.GetFlat(offset + i));
                else Collect(x, dim + 1, offset + i * stride, summarize, into);
            }
        }

        static Func<double, string> ChooseFormat(ScalarType dtype, List<double> values)
        {
            var inv = CultureInfo.InvariantCulture;
            if (dtype == ScalarType.Bool) return v => v != 0 ? "True" : "False";
            if (dtype == ScalarType.Int64) return v => ((long)v).ToString(inv);
            var finite = values.Where(double.IsFinite).Select(Math.Abs).ToList();
            static string Special(double v) => double.IsNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
            if (finite.All(v => v == Math.Floor(v)) && (finite.Count == 0 || finite.Max() < 1e8))
                return v => double.IsFinite(v) ? v.ToString("0", inv) + "." : Special(v);
            var nonzero = finite.Where(v => v != 0).ToList();
            bool sci = nonzero.Count > 0 && (nonzero.Max() / nonzero.Min() > 1000 || nonzero.Max() > 1e8 || nonzero.Min() < 1e-4);
            return sci
                ? v => double.IsFinite(v) ? v.ToString("0.0000e+00", inv) : Special(v)
                : v => double.IsFinite(v) ? v.ToString("0.0000", inv) : Special(v);
        }

        static void Write(StringBuilder sb, Tensor x, int dim, int offset, bool summarize, Func<double, string> fmt, int width)
        {
            sb.Append('[');
            int size = x._dims[dim], stride = Stride(x, dim);
            bool last = dim == x.dim() - 1;
            int written = 0;
            foreach (int i in Indices(size, summarize))
            {
                if (written > 0)
                {
                    sb.Append(',');
                    if (last) sb.Append(' ');
                    else sb.Append('\n', x.dim() - 1 - dim).Append(' ', Prefix.Length + dim + 1);
                }
                if (summarize && size > 2 * EdgeItems && written == EdgeItems)
                {
                    sb.Append("...,");
                    if (last) sb.Append(' ');
                    else sb.Append('\n', x.dim() - 1 - dim).Append(' ', Prefix.Length + dim + 1);
                }
                if (last) sb.Append(fmt(x.GetFlat(offset + i)).PadLeft(width));
                else Write(sb, x, dim + 1, offset + i * stride, summarize, fmt, width);
                written++;
            }
            sb.Append(']');
        }
    }
}
