using Google.Protobuf;

namespace Edu.Sdk.Training.TensorBoard;

/// <summary>
/// Encodes the few fields of TensorFlow's <c>Event</c> protocol buffer that scalars need, with Google.Protobuf's
/// <see cref="CodedOutputStream"/> (no generated classes, no protoc):
/// <code>
/// message Event   { double wall_time = 1; int64 step = 2; oneof what { string file_version = 3; Summary summary = 5; } }
/// message Summary { repeated Value value = 1; }
/// message Value   { string tag = 1; oneof value { float simple_value = 2; } }
/// </code>
/// </summary>
internal static class EventEncoder
{
    /// <summary>The first event of every file: <c>file_version = "brain.Event:2"</c>.</summary>
    public static byte[] FileVersion(double wallTime, string version = "brain.Event:2")
    {
        int size = 1 + 8 + 1 + CodedOutputStream.ComputeInt64Size(0) + 1 + CodedOutputStream.ComputeStringSize(version);
        var bytes = new byte[size];
        var output = new CodedOutputStream(bytes);
        WriteHeader(output, wallTime, 0);
        output.WriteTag(3, WireFormat.WireType.LengthDelimited);
        output.WriteString(version);
        output.CheckNoSpaceLeft();
        return bytes;
    }

    /// <summary>An event holding one scalar: <c>summary { value { tag, simple_value } }</c>.</summary>
    public static byte[] Scalar(double wallTime, long step, string tag, float value)
    {
        int valueSize = 1 + CodedOutputStream.ComputeStringSize(tag) + 1 + 4;
        int summarySize = 1 + CodedOutputStream.ComputeLengthSize(valueSize) + valueSize;
        int size = 1 + 8 + 1 + CodedOutputStream.ComputeInt64Size(step) + 1 + CodedOutputStream.ComputeLengthSize(summarySize) + summarySize;
        var bytes = new byte[size];
        var output = new CodedOutputStream(bytes);
        WriteHeader(output, wallTime, step);
        output.WriteTag(5, WireFormat.WireType.LengthDelimited);   // Event.summary
        output.WriteLength(summarySize);
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);   // Summary.value
        output.WriteLength(valueSize);
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);   // Value.tag
        output.WriteString(tag);
        output.WriteTag(2, WireFormat.WireType.Fixed32);           // Value.simple_value
        output.WriteFloat(value);
        output.CheckNoSpaceLeft();
        return bytes;
    }

    static void WriteHeader(CodedOutputStream output, double wallTime, long step)
    {
        output.WriteTag(1, WireFormat.WireType.Fixed64);           // Event.wall_time
        output.WriteDouble(wallTime);
        output.WriteTag(2, WireFormat.WireType.Varint);            // Event.step
        output.WriteInt64(step);
    }
}
