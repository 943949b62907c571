using Edu.Sdk.Checkpoints;
using Edu.Sdk.Tests.Data;
using static Edu.Sdk.Tests.Checkpoints.SafetensorsFiles;

namespace Edu.Sdk.Tests.Checkpoints;

public class SafetensorsCorruptFileTests
{
    /// <summary>Loading <paramref name="file"/> fails, naming the file, with a message containing <paramref name="fault"/>.</summary>
    static void Refused(byte[] file, string fault)
    {
        using var dir = new TempDir();
        string path = dir.File("bad.safetensors");
        File.WriteAllBytes(path, file);
        var ex = Assert.Throws<SafetensorsFormatException>(() => Safetensors.Load(path));
        Assert.Equal(path, ex.FilePath);
        Assert.StartsWith($"{path}: not a valid safetensors file: ", ex.Message);
        Assert.Contains(fault, ex.Message);
    }

    const string Good = """{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""";
    static readonly byte[] Data = Floats(1, 2);

    [Fact]
    public void Shorter_than_8_bytes() => Refused([1, 0, 0], "the file is 3 bytes long, shorter than the 8-byte header length");

    [Fact]
    public void Header_length_beyond_the_file()
    {
        var f = Build(Good, Data);
        f[0] = 0xFF;
        Refused(f, "the header length 255 goes beyond the end of the file");
    }

    [Fact]
    public void Truncated_data() => Refused(Build(Good, Data)[..^3], "tensor 'x': data_offsets [0, 8] go beyond the 5 bytes of data after the header; the file is truncated");

    [Fact]
    public void Invalid_json() => Refused(Build("""{"x":{"dtype":"F32",""", Data), "the header is not valid JSON");

    [Fact]
    public void Not_an_object() => Refused(Build("[1, 2]", []), "the header is a JSON Array, not an object");

    [Fact]
    public void Unknown_dtype() => Refused(Build("""{"x":{"dtype":"F16","shape":[4],"data_offsets":[0,8]}}""", Data),
        "tensor 'x': dtype \"F16\" is not one Edu.Sdk reads (F32, F64, I64, BOOL)");

    [Fact]
    public void Offsets_not_matching_shape_and_dtype() => Refused(Build("""{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", Data),
        "tensor 'x': data_offsets [0, 8] hold 8 bytes but F32 [3] needs 12");

    [Fact]
    public void Overlapping_tensors() => Refused(
        Build("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", Floats(1, 2, 3)),
        "tensors 'a' and 'b' overlap (bytes 4 to 8)");

    [Fact]
    public void A_gap_between_tensors() => Refused(
        Build("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", Floats(1, 2, 3)),
        "bytes 4 to 8 of the data belong to no tensor (before 'b')");

    [Fact]
    public void Trailing_garbage() => Refused(Build(Good, [.. Data, 0xDE, 0xAD]), "2 bytes follow the last tensor's data");

    [Theory]
    [InlineData("[-2]", "\"shape\" holds -2, not a non-negative integer")]
    [InlineData("[2.5]", "\"shape\" holds 2.5, not a non-negative integer")]
    [InlineData("[1e400]", "\"shape\" holds 1e400, not a non-negative integer")]
    [InlineData("[\"2\"]", "\"shape\" holds \"2\", not a non-negative integer")]
    [InlineData("2", "\"shape\" is missing or not an array")]
    public void Shapes_that_are_not_lists_of_non_negative_integers(string shape, string fault) =>
        Refused(Build($$$"""{"x":{"dtype":"F32","shape":{{{shape}}},"data_offsets":[0,8]}}""", Data), "tensor 'x': " + fault);

    [Fact]
    public void Offsets_that_are_not_a_pair() => Refused(Build("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0]}}""", Data),
        "tensor 'x': \"data_offsets\" has 1 numbers, not 2");

    [Fact]
    public void Unknown_field() => Refused(Build("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"strides":[1]}}""", Data),
        "tensor 'x': unexpected or repeated field 'strides'");

    [Fact]
    public void A_name_given_twice() => Refused(
        Build("""{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", Data),
        "the header names 'x' twice");

    [Fact]
    public void Metadata_values_must_be_strings() => Refused(Build("""{"__metadata__":{"epoch":3},"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", Data),
        "__metadata__ entry 'epoch' is a JSON Number; metadata values are strings");

    [Fact]
    public void Bool_bytes_other_than_0_and_1() => Refused(Build("""{"m":{"dtype":"BOOL","shape":[3],"data_offsets":[0,3]}}""", [1, 0, 2]),
        "tensor 'm': BOOL element 2 is the byte 2, not 0 or 1");

    [Fact]
    public void NaN_values_are_data_and_load()
    {
        using var dir = new TempDir();
        string path = dir.File("nan.safetensors");
        File.WriteAllBytes(path, Build(Good, Floats(float.NaN, float.NegativeInfinity)));
        var x = Safetensors.Load(path).tensors["x"].data<float>().ToArray();
        Assert.True(float.IsNaN(x[0]));
        Assert.Equal(float.NegativeInfinity, x[1]);
    }
}
