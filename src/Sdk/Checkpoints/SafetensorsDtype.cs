namespace Edu.Sdk.Checkpoints;

/// <summary>The safetensors dtype names of the element types Edu.Sdk tensors hold.</summary>
internal static class SafetensorsDtype
{
    /// <summary>The names Edu.Sdk reads and writes, for messages.</summary>
    public const string Supported = "F32, F64, I64, BOOL";

    public static string Name(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float64 => "F64",
        ScalarType.Int64 => "I64",
        ScalarType.Bool => "BOOL",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "no safetensors name"),
    };

    public static bool TryParse(string name, out ScalarType dtype)
    {
        switch (name)
        {
            case "F32": dtype = ScalarType.Float32; return true;
            case "F64": dtype = ScalarType.Float64; return true;
            case "I64": dtype = ScalarType.Int64; return true;
            case "BOOL": dtype = ScalarType.Bool; return true;
            default: dtype = default; return false;
        }
    }
}
