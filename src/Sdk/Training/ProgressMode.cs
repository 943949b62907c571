namespace Edu.Sdk.Training;

/// <summary>Whether the fit loop draws a live progress bar.</summary>
public enum ProgressMode
{
    /// <summary>A bar in an interactive terminal; nothing when output is redirected, when the <c>CI</c> environment variable is set, or for a grid's cells (the grid shows one bar of its own).</summary>
    Auto,

    /// <summary>A bar whenever the terminal can show one (never for a grid's cells, where bars would fight).</summary>
    Bar,

    /// <summary>No bar.</summary>
    None,
}
