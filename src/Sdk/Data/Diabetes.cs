namespace Edu.Sdk.Data;

/// <summary>
/// Diabetes: 442 patients, 10 raw baseline measurements each, and a quantitative measure of disease progression one
/// year later; shipped inside Edu.Sdk.dll, so it loads with no download and no file: the SDK's small real
/// regression data set (assignment A4).
/// </summary>
/// <remarks>
/// <para>Features, in order (<see cref="FeatureNames"/>): age (years), sex (1 or 2), bmi (body mass index), bp
/// (average blood pressure), and six blood serum measurements s1..s6 (tc, ldl, hdl, tch, ltg, glu). The values are
/// raw, not standardised as in scikit-learn's <c>load_diabetes()</c>: standardise them with
/// <see cref="Standardizer"/>, fitted on the training split only. The target ranges from 25 to 346.</para>
/// <para>Provenance: B. Efron, T. Hastie, I. Johnstone and R. Tibshirani (2004), "Least Angle Regression", Annals
/// of Statistics 32(2), 407-499. Copied from the data folder of scikit-learn (BSD-3-Clause):
/// <c>diabetes_data_raw.csv.gz</c> and <c>diabetes_target.csv.gz</c>. See docs/data.md.</para>
/// </remarks>
public static class Diabetes
{
    /// <summary>The number of patients (rows).</summary>
    public const int Count = 442;

    /// <summary>The feature names, in column order: age, sex, bmi, bp, s1, s2, s3, s4, s5, s6.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];

    /// <summary>Loads the features and the target (a fresh copy each call: change it freely).</summary>
    /// <param name="dtype">Float32 (the default) or Float64 for both tensors.</param>
    public static DiabetesDataSet Load(ScalarType dtype = ScalarType.Float32)
    {
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"Diabetes.Load: dtype must be Float32 or Float64, not {dtype}.", nameof(dtype));
        var data = EmbeddedSets.ReadCsv("diabetes_data_raw.csv.gz", dtype);
        var target = EmbeddedSets.ReadCsv("diabetes_target.csv.gz", dtype);
        if (data.Rows != Count || data.Columns != FeatureNames.Count || target.Rows != Count || target.Columns != 1)
            throw new InvalidOperationException($"Internal error: the embedded diabetes tables are {data.Rows}x{data.Columns} and {target.Rows}x{target.Columns}, expected {Count}x{FeatureNames.Count} and {Count}x1.");
        return new DiabetesDataSet(data.Values, target.Values.reshape(Count));
    }
}
