namespace Edu.Sdk.Training;

/// <summary>What the model predicts, which decides the metric next to the loss.</summary>
public enum TaskKind
{
    /// <summary>From the targets: class labels (Int64) or one-hot rows mean classification, other values regression.</summary>
    Auto,

    /// <summary>Classes: the metric is the accuracy of the arg-max of the output.</summary>
    Classification,

    /// <summary>Values: the metric is the mean absolute error.</summary>
    Regression,
}
