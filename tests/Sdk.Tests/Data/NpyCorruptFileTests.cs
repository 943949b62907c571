using Edu.Sdk.Data;

namespace Edu.Sdk.Tests.Data;

/// <summary>Every corrupt NPY file is refused with an <see cref="NpyFormatException"/> naming the file and the fault.</summary>
public class NpyCorruptFileTests
{
    [Fact]
    public void Wrong_magic_string()
    {
        var e = Refused("not numpy at all, just text"u8.ToArray());
        Has(e, "not an NPY file");
        Has(e, "bytes 6e 6f 74");
        Has(e, "\\x93NUMPY");
    }

    [Fact]
    public void An_npz_read_as_npy_is_recognised()
    {
        var e = Refused([(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0]);
        Has(e, "Npz.Load");
    }

    [Fact]
    public void Empty_file()
    {
        var e = Refused([]);
        Has(e, "the file is empty");
    }

    [Fact]
    public void Unknown_version()
    {
        var bytes = NpyBytes.File("<f4", "(1,)", NpyBytes.Floats(1));
        bytes[6] = 9;
        var e = Refused(bytes);
        Has(e, "version 9.0 is not supported");
    }

    [Fact]
    public void Truncated_header()
    {
        var bytes = NpyBytes.File("<f4", "(1,)", NpyBytes.Floats(1));
        var e = Refused(bytes[..40]);
        Has(e, "truncated file");
        Has(e, "declares 118 bytes of header text, but the file ends after 30");
    }

    [Fact]
    public void Truncated_data()
    {
        var bytes = NpyBytes.File("<f4", "(2, 3)", NpyBytes.Floats(1, 2, 3, 4, 5, 6));
        var e = Refused(bytes[..^4]);
        Has(e, "truncated file: the header declares shape (2, 3) of '<f4', so expected 24 bytes of data, found 20");
    }

    [Fact]
    public void More_data_than_the_shape_declares()
    {
        var e = Refused(NpyBytes.File("<f4", "(2,)", NpyBytes.Floats(1, 2, 3)));
        Has(e, "the shape does not fit the data");
        Has(e, "expected 8 bytes of data, but the file holds 12");
    }

    [Fact]
    public void A_header_declaring_a_huge_shape_is_refused_before_allocating()
    {
        var e = Refused(NpyBytes.File("<f8", "(30000, 30000)", NpyBytes.Doubles(1)));
        Has(e, "truncated file");
        Has(e, "expected 7200000000 bytes of data, found 8");
    }

    [Fact]
    public void A_shape_larger_than_any_array_is_refused()
    {
        var e = Refused(NpyBytes.File("<f8", "(100000, 100000)", NpyBytes.Doubles(1)));
        Has(e, "the shape (100000, 100000) holds more elements than one .NET array can");
    }

    [Theory]
    [InlineData("['descr', '<f4']", "not a Python dict")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)", "ends early")]
    [InlineData("{'fortran_order': False, 'shape': (2,), }", "'descr' (the element type) is missing")]
    [InlineData("{'descr': '<f4', 'shape': (2,), }", "'fortran_order' is missing")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, }", "'shape' is missing")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", "'fortran_order' must be True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': 2, }", "'shape' must be a tuple of integers")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", "dimension 0 of the shape is -2")]
    [InlineData("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }", "unexpected word 'Maybe'")]
    public void Bad_headers_are_named(string dict, string fault)
    {
        var e = Refused([.. NpyBytes.Header(dict), .. NpyBytes.Floats(1, 2)]);
        Has(e, "NPY header");
        Assert.Contains(fault, e.Message);
        Has(e, "Header text: \"");
    }

    [Theory]
    [InlineData("<c16", "complex128")]
    [InlineData("<U5", "unicode string")]
    [InlineData("|O", "not a simple element type")]
    [InlineData("<u8", "uint64")]
    public void Unsupported_element_types_are_named(string descr, string name)
    {
        var e = Refused(NpyBytes.File(descr, "(1,)", new byte[16]));
        Has(e, "unsupported NPY element type");
        Assert.Contains(name, e.Message);
    }

    [Fact]
    public void Structured_types_are_refused()
    {
        var e = Refused([.. NpyBytes.Header("{'descr': [('x', '<f4'), ('y', '<i8')], 'fortran_order': False, 'shape': (1,), }"), .. new byte[12]]);
        Has(e, "structured (record) type");
    }

    [Fact]
    public void Booleans_other_than_0_and_1_are_refused()
    {
        var e = Refused(NpyBytes.File("|b1", "(3,)", [0, 1, 7]));
        Has(e, "boolean element 2 holds the byte 7");
    }

    static void Has(NpyFormatException e, string part) =>
        Assert.True(e.Message.Contains(part, StringComparison.Ordinal), $"expected \"{part}\" in: {e.Message}");

    static NpyFormatException Refused(byte[] bytes)
    {
        using var dir = new TempDir();
        string path = dir.File("bad.npy");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<NpyFormatException>(() => Npy.Load(path));
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(path, e.Message);
        Assert.IsAssignableFrom<DataFormatException>(e);
        return e;
    }
}
