namespace Edu.Sdk.Training.Plots;

/// <summary>Where a panel's legend sits inside the plot area.</summary>
public enum LegendPosition
{
    /// <summary>Top right: for falling curves (losses, errors).</summary>
    TopRight,

    /// <summary>Bottom right: for rising curves (accuracies).</summary>
    BottomRight,
}
