using System.IO.Compression;
using System.Text;
using Edu.Sdk.Data;

namespace Edu.Sdk.Tests.Data;

public class CsvTests
{
    [Fact]
    public void Comma_separated_with_a_header_is_detected()
    {
        var t = Load("age,bmi,\"target\"\n59,32.1,151\n48,21.6,75\n");

        Assert.Equal(["age", "bmi", "target"], t.ColumnNames);
        Assert.Equal(ScalarType.Float64, t.Values.dtype);
        Assert.Equal([2L, 3], t.Values.shape);
        Assert.Equal([59, 32.1, 151, 48, 21.6, 75], t.Values.data<double>().ToArray());
        Assert.Equal([32.1, 21.6], t.Column("bmi").data<double>().ToArray());
        Assert.Equal([151, 59, 75, 48], t.Select("target", "age").data<double>().ToArray());
    }

    [Fact]
    public void Whitespace_separated_without_a_header_is_detected()
    {
        var t = Load("59 2 32.1   101.0\n\t48  1\t21.6 87.0  \n\n# a comment\n72 2 30.5 93.0\n", dtype: ScalarType.Float32);

        Assert.Equal(["0", "1", "2", "3"], t.ColumnNames);
        Assert.Equal(ScalarType.Float32, t.Values.dtype);
        Assert.Equal(3, t.Rows);
        Assert.Equal([59f, 2, 32.1f, 101, 48, 1, 21.6f, 87, 72, 2, 30.5f, 93], t.Values.data<float>().ToArray());
    }

    [Fact]
    public void Explicit_options_override_detection()
    {
        // Numbers on the first line, but declared a header; semicolons given explicitly.
        var t = Load("1;2\n3;4\n", hasHeader: true, separator: ';');
        Assert.Equal(["1", "2"], t.ColumnNames);
        Assert.Equal([3.0, 4.0], t.Values.data<double>().ToArray());

        var u = Load("1e3,-2.5E-1,NaN\n", hasHeader: false);
        var v = u.Values.data<double>().ToArray();
        Assert.Equal(1000, v[0]);
        Assert.Equal(-0.25, v[1]);
        Assert.True(double.IsNaN(v[2]));
    }

    [Fact]
    public void Gzip_is_read_transparently_whatever_the_name()
    {
        using var dir = new TempDir();
        string path = dir.File("table.csv");
        using (var file = File.Create(path))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
            gz.Write("a,b\n1,2\n"u8);

        var t = Csv.Load(path);

        Assert.Equal(["a", "b"], t.ColumnNames);
        Assert.Equal([1.0, 2.0], t.Values.data<double>().ToArray());
    }

    [Fact]
    public void A_non_numeric_cell_is_refused_with_file_line_column_and_text()
    {
        var (e, path) = Refused("age,bmi\n59,32.1\n48,oops\n");

        Assert.Equal(3, e.Line);
        Assert.Equal(2, e.Column);
        Assert.Equal("oops", e.Cell);
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith($"{path}, line 3, column 2 (\"bmi\"): the cell \"oops\" is not a number.", e.Message);
    }

    [Fact]
    public void A_text_first_line_declared_as_data_is_refused()
    {
        var (e, path) = Refused("age,bmi\n59,32.1\n", hasHeader: false);

        Assert.StartsWith($"{path}, line 1, column 1: the cell \"age\" is not a number.", e.Message);
    }

    [Fact]
    public void An_empty_cell_is_a_missing_value()
    {
        var (e, _) = Refused("1,2,3\n4,,6\n");

        Assert.Equal(2, e.Line);
        Assert.Equal(2, e.Column);
        Assert.Contains("the cell is empty (a missing value)", e.Message);
    }

    [Fact]
    public void A_ragged_row_is_refused()
    {
        var (e, path) = Refused("a b c\n1 2 3\n\n4 5\n");

        Assert.Equal(4, e.Line);
        Assert.StartsWith($"{path}, line 4: this row has 2 cells but the header has 3 (separated by whitespace).", e.Message);
    }

    [Fact]
    public void A_file_without_data_is_refused()
    {
        var (e, path) = Refused("a,b\n\n");

        Assert.Equal($"{path}: the file holds no data rows (only a header line).", e.Message);
    }

    [Fact]
    public void Corrupt_gzip_is_refused()
    {
        using var dir = new TempDir();
        string path = dir.File("bad.csv.gz");
        using (var ms = new MemoryStream())
        {
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("1,2,3\n", 1000))));
            byte[] bytes = ms.ToArray();
            bytes[^8] ^= 0xFF; // the CRC-32 of the trailer: the data decodes, the checksum does not match
            File.WriteAllBytes(path, bytes);
        }

        var e = Assert.Throws<CsvFormatException>(() => Csv.Load(path));

        Assert.StartsWith(path, e.Message);
        Assert.Contains("gzip data is corrupt or truncated", e.Message);
    }

    [Fact]
    public void An_unknown_column_lists_the_names()
    {
        var t = Load("x,y\n1,2\n");
        var e = Assert.Throws<KeyNotFoundException>(() => t.Column("z"));
        Assert.Contains("its columns are: x, y", e.Message);
    }

    static CsvTable Load(string text, bool? hasHeader = null, char? separator = null, ScalarType dtype = ScalarType.Float64)
    {
        using var dir = new TempDir();
        string path = dir.File("t.csv");
        File.WriteAllText(path, text);
        var t = Csv.Load(path, hasHeader, separator, dtype);
        Assert.Equal(path, t.Source);
        return t;
    }

    static (CsvFormatException, string) Refused(string text, bool? hasHeader = null)
    {
        using var dir = new TempDir();
        string path = dir.File("bad.csv");
        File.WriteAllText(path, text);
        var e = Assert.Throws<CsvFormatException>(() => Csv.Load(path, hasHeader));
        Assert.IsAssignableFrom<DataFormatException>(e);
        return (e, path);
    }
}
