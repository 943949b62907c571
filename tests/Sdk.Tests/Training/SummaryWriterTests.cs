using System.Buffers.Binary;
using Edu.Sdk.Training.TensorBoard;
using Google.Protobuf;

namespace Edu.Sdk.Tests.Training;

public class SummaryWriterTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "edu-tb-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Event_file_is_named_as_tensorboard_expects()
    {
        string path;
        using (var writer = new SummaryWriter(_dir)) path = writer.FilePath;
        var name = Path.GetFileName(path);
        Assert.StartsWith("events.out.tfevents.", name, StringComparison.Ordinal);
        var parts = name.Split('.');
        Assert.True(long.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture) > 1_600_000_000);
        Assert.Equal(Path.GetFullPath(_dir), Path.GetFullPath(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Records_have_valid_framing_crcs_and_decoded_values()
    {
        string path;
        using (var writer = new SummaryWriter(_dir))
        {
            writer.add_scalar("loss/train", 0.5, 0);
            writer.add_scalar("loss/train", 0.25, 1);
            writer.add_scalar("loss/validation", 1.5, 300, walltime: 1234.5);
            writer.add_scalar("weird/ünïcode tag", float.NaN, -1);
            path = writer.FilePath;
        }
        var records = ReadRecords(File.ReadAllBytes(path));
        Assert.Equal(5, records.Count);

        var first = Decode(records[0]);
        Assert.Equal("brain.Event:2", first.FileVersion);
        Assert.True(first.WallTime > 1_600_000_000);

        var events = records.Skip(1).Select(Decode).ToList();
        Assert.Equal(["loss/train", "loss/train", "loss/validation", "weird/ünïcode tag"], events.Select(e => e.Tag));
        Assert.Equal([0L, 1, 300, -1], events.Select(e => e.Step));
        Assert.Equal(0.5f, events[0].Value);
        Assert.Equal(0.25f, events[1].Value);
        Assert.Equal(1.5f, events[2].Value);
        Assert.True(float.IsNaN(events[3].Value));
        Assert.Equal(1234.5, events[2].WallTime);
    }

    [Fact]
    public void Flush_makes_events_readable_while_the_writer_is_open()
    {
        using var writer = new SummaryWriter(_dir);
        writer.add_scalar("x", 3, 7);
        writer.flush();
        using var fs = new FileStream(writer.FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[fs.Length];
        fs.ReadExactly(bytes);
        var records = ReadRecords(bytes);
        Assert.Equal(2, records.Count);
        Assert.Equal(3f, Decode(records[1]).Value);
    }

    [Fact]
    public void Writing_after_close_is_refused()
    {
        var writer = new SummaryWriter(_dir);
        writer.close();
        Assert.Throws<ObjectDisposedException>(() => writer.add_scalar("x", 1, 0));
    }

    /// <summary>Reads TFRecord framing independently of the writer: length, masked CRC of the length, data, masked CRC of the data.</summary>
    static List<byte[]> ReadRecords(byte[] file)
    {
        var records = new List<byte[]>();
        int pos = 0;
        while (pos < file.Length)
        {
            Assert.True(file.Length - pos >= 16, "truncated record header");
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(pos));
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 8));
            Assert.Equal(MaskedCrc(file.AsSpan(pos, 8)), lengthCrc);
            var data = file.AsSpan(pos + 12, (int)length).ToArray();
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 12 + (int)length));
            Assert.Equal(MaskedCrc(data), dataCrc);
            records.Add(data);
            pos += 12 + (int)length + 4;
        }
        Assert.Equal(file.Length, pos);
        return records;
    }

    static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = Crc32C.Compute(data);
        return unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8);
    }

    sealed record EventFields(double WallTime, long Step, string? FileVersion, string? Tag, float Value);

    /// <summary>Decodes Event{wall_time=1, step=2, file_version=3, summary=5{value=1{tag=1, simple_value=2}}} with CodedInputStream.</summary>
    static EventFields Decode(byte[] bytes)
    {
        double wall = 0; long step = 0; string? version = null, tag = null; float value = float.NaN;
        var input = new CodedInputStream(bytes);
        uint t;
        while ((t = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(t))
            {
                case 1: wall = input.ReadDouble(); break;
                case 2: step = input.ReadInt64(); break;
                case 3: version = input.ReadString(); break;
                case 5:
                    var summary = new CodedInputStream(input.ReadBytes().ToByteArray());
                    uint st;
                    while ((st = summary.ReadTag()) != 0)
                    {
                        Assert.Equal(1, WireFormat.GetTagFieldNumber(st));
                        var v = new CodedInputStream(summary.ReadBytes().ToByteArray());
                        uint vt;
                        while ((vt = v.ReadTag()) != 0)
                        {
                            if (WireFormat.GetTagFieldNumber(vt) == 1) tag = v.ReadString();
                            else if (WireFormat.GetTagFieldNumber(vt) == 2) value = v.ReadFloat();
                            else v.SkipLastField();
                        }
                    }
                    break;
                default: input.SkipLastField(); break;
            }
        }
        return new EventFields(wall, step, version, tag, value);
    }
}
