using System.Buffers.Binary;

namespace Edu.Sdk.Checkpoints;

/// <summary>
/// Reads and writes tensors in the safetensors format (Hugging Face), which PyTorch, TorchSharp, NumPy and JAX read:
/// an 8-byte little-endian header length N, N bytes of UTF-8 JSON naming each tensor's dtype, shape and byte range,
/// then the tensors' bytes, little-endian and row-major, in the order of their names. No code runs on load (unlike
/// pickle-based .pt files), and every byte range is checked before anything is read.
/// </summary>
public static class Safetensors
{
    /// <summary>Headers above this size are refused, as by the reference implementation (100 MB).</summary>
    internal const long MaxHeaderLength = 100_000_000;

    /// <summary>
    /// Writes <paramref name="tensors"/> (and string <paramref name="metadata"/>, stored under <c>__metadata__</c>) to
    /// <paramref name="path"/>. Atomic: the file is written beside the target and renamed over it, so the target holds
    /// either its old content or the complete new file, even if this call fails or the process dies.
    /// </summary>
    /// <param name="path">The file to write (replaced if it exists).</param>
    /// <param name="tensors">The tensors by name; names must be non-empty and not <c>__metadata__</c>.</param>
    /// <param name="metadata">Optional free-form string pairs (training settings, versions).</param>
    public static void Save(string path, IReadOnlyDictionary<string, torch.Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        // Everything is checked, and the header built, before the file is touched.
        var entries = new List<SafetensorsEntry>();
        var values = new List<torch.Tensor>();
        long at = 0;
        foreach (var (name, t) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrEmpty(name) || name == "__metadata__")
                throw new ArgumentException($"Safetensors.Save: '{name}' cannot name a tensor (names are non-empty, and __metadata__ is reserved). Nothing was written to {path}.", nameof(tensors));
            if (t is null) throw new ArgumentException($"Safetensors.Save: tensor '{name}' is null. Nothing was written to {path}.", nameof(tensors));
            long bytes = t.numel() * t.dtype.ElementSize();
            entries.Add(new SafetensorsEntry(name, t.dtype, t.shape, at, at + bytes));
            values.Add(t);
            at += bytes;
        }
        if (metadata is not null)
            foreach (var (k, v) in metadata)
                if (k is null || v is null)
                    throw new ArgumentException($"Safetensors.Save: metadata keys and values must not be null. Nothing was written to {path}.", nameof(metadata));
        byte[] header = SafetensorsHeaderWriter.Write(entries, metadata);

        AtomicFile.Write(path, s =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            s.Write(length);
            s.Write(header);
            foreach (var t in values) TensorBytes.Write(s, t);
        });
    }

    /// <summary>
    /// Reads every tensor and the metadata of the safetensors file at <paramref name="path"/>. The whole file is
    /// checked (header, dtypes, shapes, byte ranges, length) before it is returned; a file that is not valid raises
    /// <see cref="SafetensorsFormatException"/>, naming the file and the fault, and nothing is returned.
    /// NaN and infinite element values are data and load as they are.
    /// </summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The tensors by name (new tensors, not requiring grad), and the metadata (empty when there is none).</returns>
    public static (Dictionary<string, torch.Tensor> tensors, Dictionary<string, string> metadata) Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        long fileLength = fs.Length;
        if (fileLength < 8)
            throw Fault(path, $"the file is {fileLength} bytes long, shorter than the 8-byte header length that starts every safetensors file");
        Span<byte> lengthBytes = stackalloc byte[8];
        fs.ReadExactly(lengthBytes);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (n > (ulong)(fileLength - 8))
            throw Fault(path, $"the header length {n} goes beyond the end of the file ({fileLength} bytes); the file is truncated or not a safetensors file");
        if (n > MaxHeaderLength) throw Fault(path, $"the header length {n} is above the {MaxHeaderLength}-byte limit");
        var header = new byte[n];
        fs.ReadExactly(header);
        long dataLength = fileLength - 8 - (long)n;
        var (entries, metadata) = new SafetensorsHeaderReader(path).Read(header, dataLength);

        var tensors = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        foreach (var e in entries)    // sorted by offset, tiling the data: a sequential read
        {
            torch.Tensor? t;
            string? fault;
            try { t = TensorBytes.Read(fs, e.Dtype, e.Shape, out fault); }
            catch (EndOfStreamException ex) { throw Fault(path, $"the file ended while reading tensor '{e.Name}' (was it truncated while being read?)", ex); }
            if (t is null) throw Fault(path, $"tensor '{e.Name}': {fault}");
            tensors.Add(e.Name, t);
        }
        return (tensors, metadata);
    }

    static SafetensorsFormatException Fault(string path, string what, Exception? inner = null) =>
        new(path, $"{path}: not a valid safetensors file: {what}.", inner);
}
