using System.Runtime.CompilerServices;
using Edu.Sdk.Autograd;
using Edu.Sdk.Tensors;

namespace Edu.Sdk;

public static partial class torch
{
    /// <summary>
    /// An n-dimensional array of <see cref="ScalarType.Float32"/> (default), <see cref="ScalarType.Float64"/>,
    /// <see cref="ScalarType.Int64"/> or <see cref="ScalarType.Bool"/> elements, spelled as in TorchSharp and PyTorch.
    /// </summary>
    /// <remarks>
    /// Memory model: the elements live in one managed array, contiguous and row-major, starting at an offset.
    /// Three views share that array without copying: <see cref="reshape(long[])"/>/<see cref="view(long[])"/> of a
    /// contiguous tensor, <see cref="narrow(long, long, long)"/> on the first dimension (mini-batches), and
    /// <see cref="T"/> of a 2-d tensor, which only sets a transpose flag: matrix products consume the flag directly,
    /// every other op reads a transposed tensor through <see cref="contiguous"/>.
    /// Tensors are garbage-collected; hot loops reuse buffers through <see cref="Workspace"/> and <c>out</c> overloads.
    /// </remarks>
    public partial class Tensor
    {
        internal readonly Array _storage;
        internal readonly int _offset;
        internal readonly int[] _dims;
        internal readonly int _numel;
        /// <summary>2-d only: the storage holds the transpose (shape reversed) of what this tensor shows.</summary>
        internal readonly bool _transposed;

        internal Tensor(Array storage, int offset, int[] dims, ScalarType dtype, bool transposed = false)
        {
            _storage = storage;
            _offset = offset;
            _dims = dims;
            _numel = Shape.Numel(dims);
            this.dtype = dtype;
            _transposed = transposed;
        }

        /// <summary>A new uninitialised tensor of the given element type and shape.</summary>
        internal static Tensor Empty<T>(int[] dims) where T : unmanaged =>
            new(GC.AllocateUninitializedArray<T>(Shape.Numel(dims)), 0, dims, ScalarTypeExtensions.ToScalarType(typeof(T)));

        /// <summary>A new uninitialised tensor of the given dtype and shape.</summary>
        internal static Tensor Empty(ScalarType dtype, int[] dims) => dtype switch
        {
            ScalarType.Float32 => Empty<float>(dims),
            ScalarType.Float64 => Empty<double>(dims),
            ScalarType.Int64 => Empty<long>(dims),
            ScalarType.Bool => Empty<bool>(dims),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
        };

        /// <summary>The element type.</summary>
        public ScalarType dtype { get; }

        /// <summary>The size of each dimension (a new array each call, as in TorchSharp).</summary>
        public long[] shape => Shape.ToLong(_dims);

        /// <summary>The sizes as ints, without copying; for kernels.</summary>
        internal ReadOnlySpan<int> Dims => _dims;

        /// <summary>The size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
        public long size(int dim) => _dims[Shape.NormalizeDim("size", dim, _dims)];

        /// <summary>The number of dimensions.</summary>
        public int dim() => _dims.Length;

        /// <summary>The number of dimensions.</summary>
        public int ndim => _dims.Length;

        /// <summary>The number of elements.</summary>
        public long numel() => _numel;

        /// <summary>True when the elements are stored in row-major order of this tensor's own shape (not a transposed view).</summary>
        public bool is_contiguous() => !_transposed;

        /// <summary>Writes the shape as in error messages, e.g. <c>64x784</c>.</summary>
        internal string ShapeText => Shape.Format(_dims);

        /// <summary>The elements as a writable span. Only for contiguous tensors of element type <typeparamref name="T"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal Span<T> Span<T>() where T : unmanaged
        {
            if (_transposed) ThrowTransposed();
            return new Span<T>((T[])_storage, _offset, _numel);
        }

        static void ThrowTransposed() =>
            throw new InvalidOperationException("Internal error: a kernel read a transposed view without Contiguous(). Please report it.");

        /// <summary>
        /// The elements in row-major order, read-only. For a transposed view this is a contiguous copy.
        /// </summary>
        /// <typeparam name="T">The element type: float for Float32, double for Float64, long for Int64, bool for Bool.</typeparam>
        public ReadOnlySpan<T> data<T>() where T : unmanaged
        {
            CheckElementType<T>("data");
            return Contiguous().Span<T>();
        }

        /// <summary>The value of a one-element tensor.</summary>
        public T item<T>() where T : unmanaged
        {
            if (_numel != 1)
                throw new InvalidOperationException($"item: the tensor has {_numel} elements (shape {ShapeText}); item() needs exactly one. Reduce it first, e.g. with sum() or mean().");
            // Contiguous: a 1×1 transposed view (w.T) is one element all the same.
            if (typeof(T) == ClrType) return Contiguous().Span<T>()[0];
            return to(ScalarTypeExtensions.ToScalarType(typeof(T))).Contiguous().Span<T>()[0];
        }

        /// <summary>The value of a one-element tensor as a double, whatever its dtype.</summary>
        public double ToDouble() => item<double>();

        /// <summary>The value of a one-element tensor as a float, whatever its dtype.</summary>
        public float ToSingle() => item<float>();

        internal Type ClrType => dtype.ClrType();

        void CheckElementType<T>(string op)
        {
            if (typeof(T) != ClrType)
                throw new InvalidOperationException(
                    $"{op}<{typeof(T).Name}>: the tensor's dtype is {dtype}, whose elements are {ClrType.Name}; call {op}<{ClrType.Name}>() or convert first with .to(ScalarType.{ScalarTypeExtensions.ToScalarType(typeof(T))}).");
        }

        /// <summary>This tensor if its storage is row-major in its own shape, otherwise a row-major copy.</summary>
        public Tensor contiguous()
        {
            var r = Contiguous();
            return ReferenceEquals(r, this) || !GradMode.Wants(this) ? r : r.WithGradFn(new IdentityBackward(this, "CloneBackward0"));
        }

        /// <summary>The row-major layout for kernels, without recording anything: the op that calls it records itself.</summary>
        internal Tensor Contiguous()
        {
            if (!_transposed) return this;
            var r = Empty(dtype, _dims);
            Transpose.Materialize(this, r);
            return r;
        }

        /// <summary>A copy with its own storage (contiguous).</summary>
        public Tensor clone()
        {
            var r = Empty(dtype, _dims);
            if (_transposed) Transpose.Materialize(this, r);
            else Array.Copy(_storage, _offset, r._storage, 0, _numel);
            return GradMode.Wants(this) ? r.WithGradFn(new IdentityBackward(this, "CloneBackward0")) : r;
        }

        /// <summary>Copies <paramref name="src"/> into this tensor, in place; the shapes must match (or broadcast to this one).</summary>
        public Tensor copy_(Tensor src)
        {
            CheckWritable("copy_");
            CheckInPlace("copy_");
            if (src.dtype != dtype) src = src.to(dtype);
            if (!src.Dims.SequenceEqual(_dims))
            {
                var b = Shape.Broadcast("copy_", src.Dims, _dims);
                if (!b.AsSpan().SequenceEqual(_dims))
                    throw new ArgumentException($"copy_: cannot copy a tensor of shape ({src.ShapeText}) into one of shape ({ShapeText}).");
                using (no_grad()) src = src.expand_as(this);
            }
            if (src._transposed) Transpose.Materialize(src, this);
            else Array.Copy(src._storage, src._offset, _storage, _offset, _numel);
            BumpVersion();
            return this;
        }

        /// <summary>Converts to another dtype (a copy; this tensor if it already has that dtype).</summary>
        public Tensor to(ScalarType type)
        {
            if (type == dtype) return this;
            var src = Contiguous();
            var r = Empty(type, _dims);
            DtypeConvert.Elements(src, r);
            return GradMode.Wants(this) && type.IsFloatingPoint() ? r.WithGradFn(new ToBackward(this)) : r;
        }

        void CheckWritable(string op)
        {
            if (_transposed)
                throw new InvalidOperationException($"{op}: cannot write into a transposed view (T); write into the original tensor or into .Contiguous().");
        }

        /// <summary>
        /// Counts in-place changes, so autograd can tell when a tensor it saved was modified. A view (reshape, narrow,
        /// x[i], T, detach, a Parameter made from a tensor) shares the count with the tensor it views, as in PyTorch:
        /// a change through either is a change of both (found by a review: w[0].mul_(10) went unnoticed).
        /// </summary>
        internal int _version => _sharedVersion?.Value ?? _ownVersion;

        int _ownVersion;

        /// <summary>The count shared with views of the same storage; made when the first view is.</summary>
        VersionCounter? _sharedVersion;

        internal void BumpVersion()
        {
            if (_sharedVersion is { } shared) shared.Value++;
            else _ownVersion++;
        }

        /// <summary>Makes <paramref name="view"/>, a new tensor over this one's storage, share this one's version count; returns it.</summary>
        internal Tensor ShareVersion(Tensor view)
        {
            view._sharedVersion = _sharedVersion ??= new VersionCounter(_ownVersion);
            return view;
        }

        /// <summary>One count for a storage and its views.</summary>
        sealed class VersionCounter(int value)
        {
            public int Value = value;
        }
    }
}
