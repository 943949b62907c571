namespace Edu.Sdk.Data;

/// <summary>
/// A data set whose files are in none of the places searched. The message lists every place looked at
/// (in order) and how to get the data.
/// </summary>
public sealed class DataSetNotFoundException : FileNotFoundException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="dataSetName">The data set, e.g. <c>Fashion-MNIST</c>.</param>
    /// <param name="searched">Each place looked at, with what was found there.</param>
    /// <param name="message">The full message, listing <paramref name="searched"/> and how to get the data.</param>
    public DataSetNotFoundException(string dataSetName, IReadOnlyList<string> searched, string message)
        : base(message)
    {
        DataSetName = dataSetName;
        Searched = searched;
    }

    /// <summary>The data set that was not found.</summary>
    public string DataSetName { get; }

    /// <summary>Each place looked at, in search order, with what was found there.</summary>
    public IReadOnlyList<string> Searched { get; }
}
