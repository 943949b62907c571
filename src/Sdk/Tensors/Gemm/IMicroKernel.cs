namespace Edu.Sdk.Tensors;

/// <summary>
/// A register-blocked MR×NR update: C[0..MR, 0..NR] = α·Σₚ a[p]·b[p]ᵀ + β·C over kc steps, where a is a packed
/// A micro-panel (kc columns of MR values) and b a packed B micro-panel (kc rows of NR values). The MR·NR sums
/// live in vector registers for the whole loop, so each step costs MR broadcasts and NR/W loads for MR·NR/W FMAs.
/// β = 0 must not read C. Implemented by structs so the blocked driver is specialised per kernel (static abstract
/// members: no virtual call in the inner loop).
/// </summary>
internal unsafe interface IMicroKernel<T> where T : unmanaged
{
    /// <summary>Rows of C per tile (values broadcast from the A panel).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of C per tile (a multiple of the vector width).</summary>
    static abstract int NR { get; }

    static abstract void Run(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta);
}
