using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>The diabetes features and target returned by <see cref="Diabetes.Load"/>.</summary>
/// <param name="Features">Shape (442, 10), raw values, columns named by <see cref="FeatureNames"/>.</param>
/// <param name="Target">Shape (442): disease progression one year after baseline.</param>
public sealed record DiabetesDataSet(Tensor Features, Tensor Target)
{
    /// <summary>The feature names, in column order: age, sex, bmi, bp, s1..s6.</summary>
    public IReadOnlyList<string> FeatureNames => Diabetes.FeatureNames;

    /// <summary>The number of patients.</summary>
    public int Count => (int)Target.size(0);

    /// <summary>
    /// A <see cref="Dataset"/> of the features and the target, to split, standardise and batch. The targets have
    /// shape (442, 1), matching a model with one output: an MSE between a (n, 1) prediction and a (n) target would
    /// broadcast to (n, n) and silently compute the wrong loss.
    /// </summary>
    public Dataset ToDataset() => new(Features, Target.reshape(Count, 1));

    /// <summary>E.g. <c>Diabetes: 442 rows x 10 features (age, sex, bmi, bp, s1..s6), target disease progression</c>.</summary>
    public override string ToString() =>
        $"Diabetes: {Count} rows x {Features.size(1)} features ({string.Join(", ", FeatureNames.Take(4))}, s1..s6), target disease progression";
}
