namespace Edu.Sdk.Data;

/// <summary>The data files shipped inside Edu.Sdk.dll as embedded resources (folder <c>src/Sdk/Data/Sets</c>).</summary>
internal static class EmbeddedSets
{
    const string Prefix = "Edu.Sdk.Data.Sets.";

    /// <summary>Reads an embedded CSV file (gzip) as a table; <paramref name="fileName"/> as in the Sets folder.</summary>
    public static CsvTable ReadCsv(string fileName, ScalarType dtype)
    {
        using var stream = typeof(EmbeddedSets).Assembly.GetManifestResourceStream(Prefix + fileName)
            ?? throw new InvalidOperationException($"Internal error: the resource {Prefix}{fileName} is missing from Edu.Sdk.dll; the build did not embed Data/Sets/{fileName}.");
        return Csv.Read(stream, $"Edu.Sdk.dll!{fileName}", hasHeader: false, separator: null, dtype);
    }
}
