using Edu.Sdk.Data;
using static Edu.Sdk.torch;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Bench.Epochs;

/// <summary>
/// The peers' protocol (shared/peers/README.md): Fashion-MNIST's 60,000 training images, pixels /255 as float32,
/// flattened, permuted with a fixed seed, the first 54,000 for training and the last 6,000 for validation.
/// The training set keeps the images as the file's bytes, as any SDK user's <c>FashionMnist.Load().Train.ToDataset()</c>
/// does: batches hold the same float values, converted as they are copied.
/// Without the data set (no dataset-fashion-mnist), random images of the same shapes keep the timings comparable.
/// </summary>
internal sealed record EpochData(Dataset Train, Tensor ValX, Tensor ValY, string Source)
{
    public static EpochData Load()
    {
        Dataset all;
        string source;
        if (FashionMnist.IsAvailable())
        {
            all = FashionMnist.Load().Train.ToDataset();
            source = "Fashion-MNIST";
        }
        else
        {
            var g = new Generator(7);
            all = new Dataset(rand([60000, 784], generator: g), randint(10, [60000], g));
            source = "random images (Fashion-MNIST absent)";
        }
        var perm = randperm(all.Count, new Generator(42));
        var val = all.Subset(perm.narrow(0, 54000, 6000));
        return new(all.Subset(perm.narrow(0, 0, 54000)), val.Features, val.Targets, source);
    }
}
