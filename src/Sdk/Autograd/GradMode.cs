namespace Edu.Sdk.Autograd;

/// <summary>Whether ops record themselves on the tape, per thread (so a grid search on two cores can train two models).</summary>
internal static class GradMode
{
    [ThreadStatic] static bool t_disabled;

    public static bool Enabled => !t_disabled;

    /// <summary>True when an op on <paramref name="a"/> must record a node.</summary>
    public static bool Wants(torch.Tensor a) => !t_disabled && a.requires_grad;

    /// <summary>True when an op on <paramref name="a"/> and <paramref name="b"/> must record a node.</summary>
    public static bool Wants(torch.Tensor a, torch.Tensor b) => !t_disabled && (a.requires_grad || b.requires_grad);

    internal static bool Set(bool enabled)
    {
        bool was = !t_disabled;
        t_disabled = !enabled;
        return was;
    }
}

/// <summary>
/// Restores the previous grad mode when disposed; returned by <c>torch.no_grad()</c> and <c>torch.enable_grad()</c>.
/// A struct, so <c>using (torch.no_grad())</c> in a training loop allocates nothing.
/// </summary>
public struct GradModeScope : IDisposable
{
    readonly bool _previous;
    bool _disposed;

    internal GradModeScope(bool enabled)
    {
        _previous = GradMode.Set(enabled);
        _disposed = false;
    }

    /// <summary>Restores the grad mode that was in force when the scope began.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        GradMode.Set(_previous);
    }
}
