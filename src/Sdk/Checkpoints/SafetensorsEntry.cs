namespace Edu.Sdk.Checkpoints;

/// <summary>One tensor's header record: name, dtype, shape and its byte range after the header.</summary>
internal readonly record struct SafetensorsEntry(string Name, ScalarType Dtype, long[] Shape, long Begin, long End);
