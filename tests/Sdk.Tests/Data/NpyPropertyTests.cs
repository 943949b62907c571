using Edu.Sdk.Data;
using Edu.Sdk.Tests.Tensors;
using FsCheck;
using FsCheck.Fluent;

namespace Edu.Sdk.Tests.Data;

/// <summary>Properties over random shapes and values: what is saved is what is loaded, bit for bit.</summary>
public class NpyPropertyTests
{
    static Gen<(int[] Dims, double[] Values, bool F32)> Cases() =>
        from dims in ShapeGen.Shape(maxRank: 4, maxSize: 5)
        from values in ShapeGen.Values(Naive.Numel(dims), 1e6)
        from f32 in Gen.Elements(true, false)
        select (dims, values, f32);

    [Fact]
    public void Npy_and_npz_round_trip_any_shape()
    {
        using var dir = new TempDir();
        int k = 0;
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var t = ShapeGen.Make(c.Values, c.Dims, c.F32 ? ScalarType.Float32 : ScalarType.Float64);
            string npy = dir.File($"p{k}.npy"), npz = dir.File($"p{k++}.npz");
            Npy.Save(npy, t);
            Npz.Save(npz, new Dictionary<string, torch.Tensor> { ["a"] = t, ["b"] = t }, compress: k % 2 == 0);

            foreach (var back in new[] { Npy.Load(npy), Npz.Load(npz)["b"] })
            {
                Assert.Equal(t.dtype, back.dtype);
                Assert.Equal(t.shape, back.shape);
                Assert.Equal(t.to(ScalarType.Float64).data<double>().ToArray(), back.to(ScalarType.Float64).data<double>().ToArray());
            }
            Assert.Equal(0, (new FileInfo(npy).Length - t.numel() * t.dtype.ElementSize()) % 64);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }
}
