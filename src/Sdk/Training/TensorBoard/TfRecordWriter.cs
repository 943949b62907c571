using System.Buffers.Binary;

namespace Edu.Sdk.Training.TensorBoard;

/// <summary>
/// Writes TFRecord framing, the container of TensorBoard event files: for each record, the data's length as a
/// little-endian uint64, the masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the data.
/// </summary>
internal sealed class TfRecordWriter(Stream stream) : IDisposable
{
    readonly byte[] _header = new byte[12];
    readonly byte[] _footer = new byte[4];

    /// <summary>Appends one record holding <paramref name="data"/>.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(8), Crc32C.Masked(_header.AsSpan(0, 8)));
        BinaryPrimitives.WriteUInt32LittleEndian(_footer, Crc32C.Masked(data));
        stream.Write(_header);
        stream.Write(data);
        stream.Write(_footer);
    }

    /// <summary>Pushes the buffered records to the file (and to disk when <paramref name="toDisk"/>).</summary>
    public void Flush(bool toDisk)
    {
        if (stream is FileStream fs) fs.Flush(toDisk);
        else stream.Flush();
    }

    /// <summary>Flushes and closes the stream.</summary>
    public void Dispose()
    {
        stream.Flush();
        stream.Dispose();
    }
}
