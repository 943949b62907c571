using Edu.Sdk.Autograd;
using Edu.Sdk.Tensors;

namespace Edu.Sdk;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>The same elements under another shape; one size may be -1 (inferred). A view when this tensor is contiguous, otherwise a copy.</summary>
        public Tensor reshape(params long[] shape)
        {
            var src = Contiguous().detach();
            var r = src.ShareVersion(new Tensor(src._storage, src._offset, InferShape("reshape", shape), dtype));
            return GradMode.Wants(this) ? r.WithGradFn(new ReshapeBackward(this)) : r;
        }

        /// <summary>The same storage under another shape; one size may be -1. Fails on a transposed view (use <see cref="reshape"/>).</summary>
        public Tensor view(params long[] shape)
        {
            if (_transposed)
                throw new InvalidOperationException($"view: this tensor ({ShapeText}) is a transposed view, whose elements are not laid out in its own row order; use reshape(...) (which copies) or Contiguous().view(...).");
            var r = ShareVersion(new Tensor(_storage, _offset, InferShape("view", shape), dtype));
            return GradMode.Wants(this) ? r.WithGradFn(new ReshapeBackward(this)) : r;
        }

        int[] InferShape(string op, long[] shape)
        {
            var dims = new int[shape.Length];
            int infer = -1;
            long known = 1;
            for (int i = 0; i < shape.Length; i++)
            {
                if (shape[i] == -1)
                {
                    if (infer >= 0) throw new ArgumentException($"{op}: only one size may be -1, got ({string.Join(", ", shape)}).");
                    infer = i;
                }
                else if (shape[i] < 0) throw new ArgumentException($"{op}: invalid size {shape[i]} at position {i}.");
                else { dims[i] = (int)shape[i]; known *= shape[i]; }
            }
            if (infer >= 0)
            {
                if (known == 0 || _numel % known != 0)
                    throw new ArgumentException($"{op}: cannot reshape a tensor of shape ({ShapeText}) ({_numel} elements) into ({string.Join(", ", shape)}).");
                dims[infer] = (int)(_numel / known);
            }
            else if (known != _numel)
                throw new ArgumentException($"{op}: cannot reshape a tensor of shape ({ShapeText}) ({_numel} elements) into ({Shape.Format(dims)}) ({known} elements).");
            return dims;
        }

        /// <summary>Merges dims <paramref name="start_dim"/>..<paramref name="end_dim"/> into one (all of them by default).</summary>
        public Tensor flatten(long start_dim = 0, long end_dim = -1)
        {
            if (_dims.Length == 0) return reshape(1);
            int s = Shape.NormalizeDim("flatten", start_dim, _dims), e = Shape.NormalizeDim("flatten", end_dim, _dims);
            if (s > e) throw new ArgumentException($"flatten: start_dim {start_dim} comes after end_dim {end_dim} for a tensor of shape ({ShapeText}).");
            var shape = new List<long>();
            for (int i = 0; i < s; i++) shape.Add(_dims[i]);
            long m = 1;
            for (int i = s; i <= e; i++) m *= _dims[i];
            shape.Add(m);
            for (int i = e + 1; i < _dims.Length; i++) shape.Add(_dims[i]);
            return reshape([.. shape]);
        }

        /// <summary>Removes every dimension of size 1.</summary>
        public Tensor squeeze()
        {
            var shape = new List<long>();
            foreach (int d in _dims) if (d != 1) shape.Add(d);
            return reshape([.. shape]);
        }

        /// <summary>Removes dimension <paramref name="dim"/> if its size is 1 (otherwise returns the tensor unchanged, as PyTorch does).</summary>
        public Tensor squeeze(long dim)
        {
            int d = Shape.NormalizeDim("squeeze", dim, _dims);
            if (_dims.Length == 0 || _dims[d] != 1) return this;
            var shape = shape_without(d);
            return reshape(shape);
        }

        long[] shape_without(int d)
        {
            var s = new long[_dims.Length - 1];
            for (int i = 0, j = 0; i < _dims.Length; i++) if (i != d) s[j++] = _dims[i];
            return s;
        }

        /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/>.</summary>
        public Tensor unsqueeze(long dim)
        {
            int d = Shape.NormalizeDim("unsqueeze", dim, _dims, allowEnd: true);
            var s = new List<long>(Shape.ToLong(_dims));
            s.Insert(d, 1);
            return reshape([.. s]);
        }

        /// <summary>
        /// The elements <paramref name="start"/>..<paramref name="start"/>+<paramref name="length"/>-1 along <paramref name="dim"/>.
        /// Along dim 0 of a contiguous tensor (a mini-batch of rows) this is a view sharing storage; otherwise a copy.
        /// </summary>
        public Tensor narrow(long dim, long start, long length)
        {
            int d = Shape.NormalizeDim("narrow", dim, _dims);
            if (start < 0) start += _dims[d];
            if (start < 0 || length < 0 || start + length > _dims[d])
                throw new ArgumentOutOfRangeException(nameof(start),
                    $"narrow: rows {start}..{start + length - 1} are outside dim {d} of size {_dims[d]} (shape {ShapeText}).");
            var r = NarrowData(d, (int)start, (int)length);
            return GradMode.Wants(this) ? r.WithGradFn(new NarrowBackward(this, d, (int)start)) : r;
        }

        Tensor NarrowData(int d, int start, int length)
        {
            var dims = (int[])_dims.Clone();
            dims[d] = length;
            if (!_transposed)
            {
                int inner = 1;
                for (int i = d + 1; i < _dims.Length; i++) inner *= _dims[i];
                // A view when every dim before d has size 1: the selected block is then one contiguous run.
                bool leading = true;
                for (int i = 0; i < d; i++) leading &= _dims[i] == 1;
                if (leading) return ShareVersion(new Tensor(_storage, _offset + start * inner, dims, dtype));
            }
            using (no_grad()) return index_select(d, arange(start, start + length));
        }

        /// <summary>Row <paramref name="index"/> (along dim 0), as a view with one dimension fewer.</summary>
        public Tensor this[long index]
        {
            get
            {
                if (_dims.Length == 0) throw new InvalidOperationException("indexing: a scalar (0-d) tensor has no rows; use item<T>().");
                long i = index < 0 ? index + _dims[0] : index;
                if (i < 0 || i >= _dims[0])
                    throw new IndexOutOfRangeException($"indexing: index {index} is out of range for dim 0 of size {_dims[0]} (shape {ShapeText}).");
                return narrow(0, i, 1).reshape(shape_without(0));
            }
        }

        /// <summary>The element or sub-tensor at the leading indices, e.g. <c>x[2, 3]</c>.</summary>
        public Tensor this[long i0, long i1] => this[i0][i1];

        /// <summary>The element or sub-tensor at the leading indices, e.g. <c>x[0, 2, 3]</c>.</summary>
        public Tensor this[long i0, long i1, long i2] => this[i0][i1][i2];

        /// <summary>Rows <paramref name="range"/> along dim 0, e.g. <c>x[64..128]</c>: a view, like <see cref="narrow"/>.</summary>
        public Tensor this[Range range]
        {
            get
            {
                if (_dims.Length == 0) throw new InvalidOperationException("indexing: a scalar (0-d) tensor has no rows.");
                var (start, length) = range.GetOffsetAndLength(_dims[0]);
                return narrow(0, start, length);
            }
        }

        /// <summary>The entries at <paramref name="index"/> (a 1-d Int64 tensor) along <paramref name="dim"/>, copied.</summary>
        public Tensor index_select(long dim, Tensor index)
        {
            int d = Shape.NormalizeDim("index_select", dim, _dims);
            if (index.dtype != ScalarType.Int64 || index.dim() > 1)
                throw new ArgumentException($"index_select: the index must be a 1-d Int64 tensor, got {index.dtype} of shape ({index.ShapeText}).");
            var src = Contiguous();
            var idx = index.Span<long>();
            var dims = (int[])_dims.Clone();
            dims[d] = idx.Length;
            var r = Empty(dtype, dims);
            int outer = 1, inner = 1;
            for (int i = 0; i < d; i++) outer *= _dims[i];
            for (int i = d + 1; i < _dims.Length; i++) inner *= _dims[i];
            for (int k = 0; k < idx.Length; k++)
                if (idx[k] < 0 || idx[k] >= _dims[d])
                    throw new IndexOutOfRangeException($"index_select: index {idx[k]} at position {k} is out of range for dim {d} of size {_dims[d]} (shape {ShapeText}).");
            Gather.Rows(src, idx, outer, _dims[d], inner, r);
            return GradMode.Wants(this) ? r.WithGradFn(new IndexSelectBackward(this, d, index)) : r;
        }

        /// <summary>The transpose of a 2-d tensor: a view that swaps rows and columns without copying.</summary>
        public Tensor T
        {
            get
            {
                if (_dims.Length != 2)
                    throw new InvalidOperationException($"T: needs a 2-d tensor, got shape ({ShapeText}); for other ranks use transpose(dim0, dim1).");
                var r = ShareVersion(new Tensor(_storage, _offset, [_dims[1], _dims[0]], dtype, !_transposed));
                return GradMode.Wants(this) ? r.WithGradFn(new TransposeBackward(this, 0, 1)) : r;
            }
        }

        /// <summary>The transpose of a 2-d tensor (a view); a 0-d or 1-d tensor is returned as is.</summary>
        public Tensor t() => _dims.Length < 2 ? this : T;

        /// <summary>Swaps dimensions <paramref name="dim0"/> and <paramref name="dim1"/>: a view for 2-d tensors, a copy otherwise.</summary>
        public Tensor transpose(long dim0, long dim1)
        {
            int a = Shape.NormalizeDim("transpose", dim0, _dims), b = Shape.NormalizeDim("transpose", dim1, _dims);
            if (a == b) return this;
            if (_dims.Length == 2) return T;
            var r = Permute.Swap(Contiguous(), a, b);
            return GradMode.Wants(this) ? r.WithGradFn(new TransposeBackward(this, a, b)) : r;
        }

        /// <summary>A copy of this tensor repeated (broadcast) to <paramref name="other"/>'s shape.</summary>
        public Tensor expand_as(Tensor other) => expand(other.shape);

        /// <summary>A copy of this tensor repeated (broadcast) to <paramref name="shape"/>.</summary>
        public Tensor expand(params long[] shape)
        {
            var dims = Shape.FromLong("expand", shape);
            var b = Shape.Broadcast("expand", _dims, dims);
            if (!b.AsSpan().SequenceEqual(dims))
                throw new ArgumentException($"expand: cannot expand shape ({ShapeText}) to ({Shape.Format(dims)}).");
            if (_dims.AsSpan().SequenceEqual(dims)) return this;
            var r = Expand.To(Contiguous(), dims);
            return GradMode.Wants(this) ? r.WithGradFn(new ExpandBackward(this)) : r;
        }

        /// <summary>Sets every element to <paramref name="value"/>, in place.</summary>
        public Tensor fill_(double value)
        {
            CheckWritable("fill_");
            CheckInPlace("fill_");
            switch (dtype)
            {
                case ScalarType.Float32: Span<float>().Fill((float)value); break;
                case ScalarType.Float64: Span<double>().Fill(value); break;
                case ScalarType.Int64: Span<long>().Fill((long)value); break;
                default: Span<bool>().Fill(value != 0); break;
            }
            BumpVersion();
            return this;
        }

        /// <summary>Sets every element to zero, in place.</summary>
        public Tensor zero_()
        {
            _zeroPending = false;
            DropPendingOuter();
            return fill_(0);
        }

        internal void SetFlat(int i, double value, ScalarType dt)
        {
            switch (dt)
            {
                case ScalarType.Float32: Span<float>()[i] = (float)value; break;
                case ScalarType.Float64: Span<double>()[i] = value; break;
                case ScalarType.Int64: Span<long>()[i] = (long)value; break;
                default: Span<bool>()[i] = value != 0; break;
            }
        }

        internal double GetFlat(int i) => dtype switch
        {
            ScalarType.Float32 => Span<float>()[i],
            ScalarType.Float64 => Span<double>()[i],
            ScalarType.Int64 => Span<long>()[i],
            _ => Span<bool>()[i] ? 1 : 0,
        };
    }

    /// <summary>Swaps dimensions <paramref name="dim0"/> and <paramref name="dim1"/> of <paramref name="input"/> (see <see cref="Tensor.transpose"/>).</summary>
    public static Tensor transpose(Tensor input, long dim0, long dim1) => input.transpose(dim0, dim1);
}
