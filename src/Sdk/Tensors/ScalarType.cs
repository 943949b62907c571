namespace Edu.Sdk;

/// <summary>The element type of a tensor, spelled as in TorchSharp.</summary>
public enum ScalarType
{
    /// <summary>Booleans: what comparisons (<c>gt</c>, <c>eq</c>, ...) return.</summary>
    Bool = 11,
    /// <summary>64-bit integers: class labels and the indices returned by <c>argmax</c>, <c>randint</c>, <c>randperm</c>.</summary>
    Int64 = 4,
    /// <summary>32-bit floats, the default for models.</summary>
    Float32 = 6,
    /// <summary>64-bit floats, used by gradient checks.</summary>
    Float64 = 7,
}

public static partial class torch
{
    /// <summary>32-bit floating point, the default dtype.</summary>
    public const ScalarType float32 = ScalarType.Float32;
    /// <summary>64-bit floating point.</summary>
    public const ScalarType float64 = ScalarType.Float64;
    /// <summary>64-bit integer (labels, indices).</summary>
    public const ScalarType int64 = ScalarType.Int64;
    /// <summary>Boolean (masks).</summary>
    public const ScalarType @bool = ScalarType.Bool;

    /// <summary>The dtype used when none is given (<see cref="ScalarType.Float32"/> unless changed).</summary>
    public static ScalarType get_default_dtype() => s_defaultDtype;

    /// <summary>Sets the floating dtype used when none is given: <see cref="ScalarType.Float32"/> or <see cref="ScalarType.Float64"/>.</summary>
    public static void set_default_dtype(ScalarType dtype)
    {
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"set_default_dtype: the default dtype must be Float32 or Float64, not {dtype}.", nameof(dtype));
        s_defaultDtype = dtype;
    }

    static ScalarType s_defaultDtype = ScalarType.Float32;
}

/// <summary>Facts about <see cref="ScalarType"/> values.</summary>
public static class ScalarTypeExtensions
{
    /// <summary>True for <see cref="ScalarType.Float32"/> and <see cref="ScalarType.Float64"/>.</summary>
    public static bool IsFloatingPoint(this ScalarType dtype) => dtype is ScalarType.Float32 or ScalarType.Float64;

    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this ScalarType dtype) => dtype switch
    {
        ScalarType.Bool => 1,
        ScalarType.Float32 => 4,
        _ => 8,
    };

    internal static Type ClrType(this ScalarType dtype) => dtype switch
    {
        ScalarType.Bool => typeof(bool),
        ScalarType.Int64 => typeof(long),
        ScalarType.Float32 => typeof(float),
        ScalarType.Float64 => typeof(double),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };

    internal static ScalarType ToScalarType(Type t) =>
        t == typeof(float) ? ScalarType.Float32 :
        t == typeof(double) ? ScalarType.Float64 :
        t == typeof(long) ? ScalarType.Int64 :
        t == typeof(bool) ? ScalarType.Bool :
        throw new NotSupportedException($"Tensors hold float, double, long or bool elements, not {t.Name}.");
}
