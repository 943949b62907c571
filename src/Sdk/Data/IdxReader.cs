using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics.Tensors;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>
/// Decodes one IDX file, raw or gzip-compressed. Compression is detected from the gzip magic bytes (1f 8b), not from
/// the name, because renamed and half-unpacked downloads are common. The header is read and checked on opening; the
/// data then goes either into one byte buffer (<see cref="ReadBytes"/>) or straight into a Float32 tensor
/// (<see cref="ReadFloat32"/>), converted chunk by chunk while the chunk is still in cache.
/// </summary>
internal sealed class IdxReader : IDisposable
{
    const int ChunkSize = 1 << 16;

    readonly FileStream _file;
    readonly Stream _source;
    readonly bool _gzip;
    readonly string _path;
    readonly int[] _dims;
    readonly long _declared;
    /// <summary>Data bytes the file seems to hold: exact for a raw file, the gzip trailer's say-so otherwise.</summary>
    readonly long _available;

    IdxReader(string path, int? expectedMagic)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        _file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        try
        {
            _gzip = IsGzip(_file, out long uncompressedHint);
            _source = _gzip ? new GZipStream(_file, CompressionMode.Decompress, leaveOpen: true) : _file;
            _dims = Guard(() => IdxHeader.Read(_source, _path, expectedMagic));
            _declared = 1;
            foreach (int d in _dims) _declared *= d; // the header checked that this fits in an array
            long headerLength = IdxHeader.Length(_dims.Length);
            _available = _gzip ? uncompressedHint - headerLength : _file.Length - headerLength;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public static IdxArray ReadBytes(string path, int? expectedMagic)
    {
        using var reader = new IdxReader(path, expectedMagic);
        return new IdxArray(reader.Guard(reader.ReadAllBytes), reader._dims);
    }

    public static Tensor ReadFloat32(string path, int? expectedMagic, bool scale)
    {
        using var reader = new IdxReader(path, expectedMagic);
        // Allocate the tensor up front only when the file's size vouches for the header: a corrupt header could
        // declare gigabytes. Otherwise take the byte path, which grows with the data and reports the exact fault.
        if (reader._available != reader._declared)
            return new IdxArray(reader.Guard(reader.ReadAllBytes), reader._dims).ToFloat32(scale);
        return reader.Guard(() => reader.ReadIntoFloat32(scale));
    }

    public void Dispose()
    {
        if (!ReferenceEquals(_source, _file)) _source?.Dispose();
        _file.Dispose();
    }

    /// <summary>
    /// True when the file starts with the gzip magic. For gzip, <paramref name="uncompressedHint"/> is the trailer's
    /// ISIZE (uncompressed length mod 2^32 of the last member): a hint for allocation, never trusted as a size.
    /// </summary>
    static bool IsGzip(FileStream file, out long uncompressedHint)
    {
        uncompressedHint = -1;
        Span<byte> b = stackalloc byte[4];
        int got = file.ReadAtLeast(b[..2], 2, throwOnEndOfStream: false);
        bool gzip = got == 2 && b[0] == 0x1f && b[1] == 0x8b;
        if (gzip && file.Length >= 18)
        {
            file.Seek(-4, SeekOrigin.End);
            if (file.ReadAtLeast(b, 4, throwOnEndOfStream: false) == 4)
                uncompressedHint = BinaryPrimitives.ReadUInt32LittleEndian(b);
        }
        file.Seek(0, SeekOrigin.Begin);
        return gzip;
    }

    T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e) when (_gzip)
        {
            throw new IdxFormatException(_path, $"{_path}: the gzip data is corrupt: its checksum or compressed stream is damaged (.NET says: {e.Message}). Copy or download the file again.", e);
        }
    }

    byte[] ReadAllBytes()
    {
        // Start from what the file seems to hold, so that a corrupt header declaring gigabytes costs memory only as
        // the data really arrives. For a sound file the first size is exact: one allocation, one read loop.
        int capacity = (int)Math.Min(_declared, Math.Max(_available, ChunkSize));
        byte[] buffer = GC.AllocateUninitializedArray<byte>(capacity);
        int filled = 0;
        while (true)
        {
            filled += _source.ReadAtLeast(buffer.AsSpan(filled), buffer.Length - filled, throwOnEndOfStream: false);
            if (filled < buffer.Length || buffer.Length == _declared) break;
            Array.Resize(ref buffer, (int)Math.Min(_declared, 2L * buffer.Length));
        }
        CheckLength(filled);
        return buffer;
    }

    Tensor ReadIntoFloat32(bool scale)
    {
        var tensor = Tensor.Empty<float>(_dims);
        var dst = tensor.Span<float>();
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int filled = 0;
            while (filled < _declared)
            {
                int want = (int)Math.Min(ChunkSize, _declared - filled);
                int got = _source.ReadAtLeast(chunk.AsSpan(0, want), want, throwOnEndOfStream: false);
                var part = dst.Slice(filled, got);
                if (scale) UnitPixels.Convert(chunk.AsSpan(0, got), part);
                else TensorPrimitives.ConvertChecked<byte, float>(chunk.AsSpan(0, got), part);
                filled += got;
                if (got < want) break;
            }
            CheckLength(filled);
            return tensor;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Refuses a file holding fewer or more data bytes than its header declares.</summary>
    void CheckLength(long filled)
    {
        string after = _gzip ? " (after decompression)" : "";
        if (filled < _declared)
            throw new IdxFormatException(_path,
                $"{_path}: truncated file: the header declares {IdxHeader.Describe(_dims)}, so expected {_declared} bytes of data, found {filled}{after}. The file is incomplete; copy or download it again.");

        long extra = CountRemaining();
        if (extra > 0)
            throw new IdxFormatException(_path,
                $"{_path}: the dimensions do not fit the data: the header declares {IdxHeader.Describe(_dims)}, which is {_declared} bytes of data, but the file holds {_declared + extra}{after}. The header or the file is damaged; copy or download it again.");
    }

    long CountRemaining()
    {
        if (!_gzip) return _file.Length - _file.Position;
        byte[] scratch = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long n = 0;
            int got;
            while ((got = _source.Read(scratch)) > 0) n += got;
            return n;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
