using System.IO.Compression;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>
/// Reads and writes NumPy's <c>.npz</c> archives: a zip file of <c>.npy</c> members, one per named array, as written
/// by <c>numpy.savez</c> (stored) and <c>numpy.savez_compressed</c> (deflated). Each member is read as
/// <see cref="Npy.Load"/> reads a file.
/// </summary>
public static class Npz
{
    const string Extension = ".npy";

    /// <summary>Reads every array of an archive, by name (the member name without <c>.npy</c>), in archive order.</summary>
    /// <param name="path">The <c>.npz</c> file.</param>
    /// <returns>A new dictionary from array name (e.g. <c>x_train</c>) to tensor.</returns>
    /// <exception cref="NpyFormatException">Not a zip archive, a corrupt archive, or a member that is not a valid NPY
    /// array; the message names the file, the member and the fault.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Dictionary<string, Tensor> Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        using var file = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        CheckZipMagic(file, full);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue; // a folder entry
                string name = entry.FullName.EndsWith(Extension, StringComparison.Ordinal) ? entry.FullName[..^Extension.Length] : entry.FullName;
                using var member = entry.Open();
                result[name] = NpyReader.Read(member, full, $"{full} (member {entry.FullName})", entry.Length);
            }
        }
        catch (InvalidDataException e)
        {
            throw new NpyFormatException(full, $"{full}: the zip archive is corrupt or truncated (.NET says: {e.Message}). Save or copy the .npz file again.", e);
        }
        return result;
    }

    static void CheckZipMagic(FileStream file, string full)
    {
        Span<byte> b = stackalloc byte[4];
        int got = file.ReadAtLeast(b, 4, throwOnEndOfStream: false);
        file.Seek(0, SeekOrigin.Begin);
        // A local file header (PK\3\4), or the end record of an empty archive (PK\5\6).
        if (got == 4 && b[0] == (byte)'P' && b[1] == (byte)'K' && ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6))) return;
        string found = got == 0 ? "the file is empty" : "it starts with bytes " + string.Join(' ', b[..got].ToArray().Select(x => x.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        string hint = got >= 1 && b[0] == 0x93 ? " It is a single .npy array: read it with Npy.Load." : " The file is damaged or is not an .npz archive.";
        throw new NpyFormatException(full, $"{full}: not an NPZ file: a zip archive starts with PK\\x03\\x04, but {found}.{hint}");
    }

    /// <summary>
    /// Writes named arrays as an <c>.npz</c> archive, atomically (a temporary file renamed over the target), in the
    /// dictionary's enumeration order; NumPy reads it back with <c>numpy.load(path)[name]</c>.
    /// </summary>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="arrays">Array names (member <c>name.npy</c>) and tensors.</param>
    /// <param name="compress">False (the default) stores the members as <c>numpy.savez</c> does; true deflates them as
    /// <c>numpy.savez_compressed</c> does.</param>
    /// <exception cref="ArgumentException">A name is empty.</exception>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> arrays, bool compress = false)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        var list = arrays.ToList();
        foreach (var (name, tensor) in list)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("Npz.Save: an array name is empty; every array needs a name.", nameof(arrays));
            ArgumentNullException.ThrowIfNull(tensor, $"{nameof(arrays)}[{name}]");
        }
        var level = compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
        AtomicFile.Write(path, s =>
        {
            using var zip = new ZipArchive(s, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (name, tensor) in list)
            {
                var entry = zip.CreateEntry(name + Extension, level);
                using var member = entry.Open();
                NpyWriter.Write(member, tensor);
            }
        });
    }
}
