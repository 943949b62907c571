using Edu.Sdk.Data;
using static Edu.Sdk.torch;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Bench.Epochs;

/// <summary>
/// The peers' protocol (shared/peers/README.md): Fashion-MNIST's 60,000 training images, pixels /255 as float32,
/// flattened, permuted with a fixed seed, the first 54,000 for training and the last 6,000 for validation.
/// Without the data set (no dataset-fashion-mnist), random images of the same shapes keep the timings comparable.
/// </summary>
internal sealed record EpochData(Tensor TrainX, Tensor TrainY, Tensor ValX, Tensor ValY, string Source)
{
    public static EpochData Load()
    {
        Tensor x, y;
        string source;
        if (FashionMnist.IsAvailable())
        {
            var fm = FashionMnist.Load();
            x = fm.Train.Images.reshape(-1, 784);
            y = fm.Train.Labels;
            source = "Fashion-MNIST";
        }
        else
        {
            var g = new Generator(7);
            x = rand([60000, 784], generator: g);
            y = randint(10, [60000], g);
            source = "random images (Fashion-MNIST absent)";
        }
        var perm = randperm(x.size(0), new Generator(42));
        var train = perm.narrow(0, 0, 54000);
        var val = perm.narrow(0, 54000, 6000);
        return new(x.index_select(0, train), y.index_select(0, train), x.index_select(0, val), y.index_select(0, val), source);
    }
}
