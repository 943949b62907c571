namespace Edu.Samples.Tests;

/// <summary>Reads the framing of a TensorBoard event file (TFRecords: u64 length, u32 CRC, data, u32 CRC) back into its records' payloads.</summary>
public static class TensorBoardFile
{
    public static List<byte[]> Records(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var records = new List<byte[]>();
        int at = 0;
        while (at < bytes.Length)
        {
            Assert.True(at + 12 <= bytes.Length, $"{path}: a record header is cut at byte {at}");
            long length = BitConverter.ToInt64(bytes, at);
            Assert.InRange(length, 0, bytes.Length - at - 16);
            records.Add(bytes.AsSpan(at + 12, (int)length).ToArray());
            at += 12 + (int)length + 4;
        }
        Assert.Equal(bytes.Length, at);
        return records;
    }

    /// <summary>The event files of a run folder.</summary>
    public static string Single(string folder)
    {
        var files = Directory.GetFiles(folder, "events.out.tfevents.*");
        Assert.Single(files);
        return files[0];
    }

    public static bool Contains(byte[] record, string text) =>
        record.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;
}
