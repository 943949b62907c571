namespace Edu.Sdk.Training;

/// <summary>Whether the fit loop draws a live progress bar.</summary>
public enum ProgressMode
{
    /// <summary>A bar in an interactive terminal; nothing when output is redirected, when the <c>CI</c> environment variable is set, or inside a parallel grid.</summary>
    Auto,

    /// <summary>A bar whenever the terminal can show one (never inside a parallel grid, where two bars would fight).</summary>
    Bar,

    /// <summary>No bar.</summary>
    None,
}
