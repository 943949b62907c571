namespace Edu.Sdk.Training;

/// <summary>Which validation score picks the best epoch, whose parameters the fit loop keeps a copy of.</summary>
public enum BestBy
{
    /// <summary>The accuracy for classification (highest), the loss for regression (lowest).</summary>
    Auto,

    /// <summary>The highest validation accuracy.</summary>
    Accuracy,

    /// <summary>The lowest validation loss.</summary>
    Loss,

    /// <summary>The lowest validation mean absolute error.</summary>
    MeanAbsoluteError,
}
