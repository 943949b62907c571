using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Edu.Sdk.Generators.Model
{
    /// <summary>An immutable array compared by its elements, so pipeline models that hold one stay value-equatable (and cache).</summary>
    internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T> where T : IEquatable<T>
    {
        readonly T[]? _items;

        public EquatableArray(IEnumerable<T> items) => _items = items.ToArray();

        public static readonly EquatableArray<T> Empty = new(Array.Empty<T>());

        public int Count => _items?.Length ?? 0;

        public T this[int index] => _items![index];

        public bool Equals(EquatableArray<T> other) => AsSpan().SequenceEqual(other.AsSpan());

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            int h = 17;
            foreach (var item in AsSpan()) h = unchecked(h * 31 + (item?.GetHashCode() ?? 0));
            return h;
        }

        public ReadOnlySpan<T> AsSpan() => _items ?? Array.Empty<T>();

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public static bool operator ==(EquatableArray<T> a, EquatableArray<T> b) => a.Equals(b);

        public static bool operator !=(EquatableArray<T> a, EquatableArray<T> b) => !a.Equals(b);
    }

    internal static class EquatableArray
    {
        public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) where T : IEquatable<T> => new(items);
    }
}
