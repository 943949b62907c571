using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Edu.Sdk.Tensors;

/// <summary>
/// Per-thread packing buffers for the managed GEMM, allocated once on the pinned object heap and grown only when a
/// larger block is asked for: steady-state calls allocate nothing and need no <c>fixed</c>. Thread-static rather
/// than pooled because every worker packs concurrently and keeps its buffer hot in its own cache. The returned
/// pointers are 64-byte aligned, so every packed micro-panel row starts on a cache line.
/// </summary>
internal static unsafe class PackBuffers<T> where T : unmanaged
{
    [ThreadStatic] static T[]? t_a;
    [ThreadStatic] static T[]? t_b;

    /// <summary>Room for a packed block of A (MC×KC).</summary>
    public static T* A(int length) => Get(ref t_a, length);

    /// <summary>Room for a packed panel of B (KC×NC).</summary>
    public static T* B(int length) => Get(ref t_b, length);

    static T* Get(ref T[]? buffer, int length)
    {
        int pad = 64 / sizeof(T);
        if (buffer is null || buffer.Length < length + pad)
            buffer = GC.AllocateUninitializedArray<T>(length + pad, pinned: true);
        nint p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (T*)((p + 63) & ~(nint)63);
    }
}
