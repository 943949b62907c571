using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>
/// Reads and writes NumPy's <c>.npy</c> files (format versions 1.0, 2.0 and 3.0), so arrays move between Python and
/// C# unchanged: <c>numpy.save</c> there, <see cref="Load"/> here, and back with <see cref="Save"/>.
/// </summary>
/// <remarks>
/// <para>Element types read: float32 (<c>'&lt;f4'</c>) and float64 (<c>'&lt;f8'</c>) stay Float32 and Float64;
/// float16 becomes Float32; int64 stays Int64; every smaller integer type, signed or unsigned (int8, int16, int32,
/// uint8, uint16, uint32: <c>'&lt;i4'</c>, <c>'|u1'</c>, ...) becomes Int64, exactly, so labels and pixel counts can be
/// used as class indices at once (divide uint8 images by 255 after <c>.to(float32)</c>); bool (<c>'|b1'</c>) stays Bool.
/// Both byte orders are read. uint64, complex, string, object and structured types are refused.</para>
/// <para>A Fortran-order array (<c>'fortran_order': True</c>) is reordered into the row-major tensor of the same
/// shape, so it holds the same values at the same indices as in NumPy.</para>
/// <para>Writing: Float32, Float64, Int64 and Bool tensors as <c>'&lt;f4'</c>, <c>'&lt;f8'</c>, <c>'&lt;i8'</c> and
/// <c>'|b1'</c>, row-major, version 1.0 (2.0 for a header over 64 KiB), the data aligned to 64 bytes as NumPy does.</para>
/// </remarks>
public static class Npy
{
    /// <summary>Reads a <c>.npy</c> file into a new tensor (see the remarks for the element types).</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="NpyFormatException">Not an NPY file (wrong magic string), an unsupported version or element
    /// type, a bad header, or data shorter or longer than the header declares; the message names the file and the fault.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Tensor Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        using var file = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        return NpyReader.Read(file, full, full, file.Length);
    }

    /// <summary>Writes <paramref name="tensor"/> as a <c>.npy</c> file, atomically (a temporary file renamed over the target).</summary>
    /// <param name="path">The file to create or replace; its folder must exist. NumPy expects the <c>.npy</c> extension.</param>
    /// <param name="tensor">Any tensor; a transposed view is written in its row-major order.</param>
    public static void Save(string path, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        AtomicFile.Write(path, s => NpyWriter.Write(s, tensor));
    }
}
