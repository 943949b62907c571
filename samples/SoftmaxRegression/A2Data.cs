using Edu.Sdk;
using Edu.Sdk.Data;
using static Edu.Sdk.torch;

namespace SoftmaxRegression;

/// <summary>
/// The three sets of A2, ready for softmax regression: features with the bias column appended (x̃ = [x, 1]) and
/// one-hot targets (Y, n × K).
/// </summary>
public sealed record A2Data(string Description, Dataset Train, Dataset Validation, Dataset Test, int Classes)
{
    /// <summary>The seed of the 90/10 train/validation split (and of the quick subset).</summary>
    public const long SplitSeed = 42;

    /// <summary>
    /// Fashion-MNIST when it is installed (60,000 training images split 90/10, the 10,000 test images kept for the
    /// end); else the SDK's embedded 8×8 digits (1,797 images: 20 % held out as the test set, the rest split 90/10).
    /// <paramref name="quick"/> keeps a small seeded subset.
    /// </summary>
    public static A2Data Load(bool quick)
    {
        Dataset all, test;
        string name;
        if (FashionMnist.IsAvailable())
        {
            var fashion = FashionMnist.Load();
            all = fashion.Train.ToDataset(classes: fashion.Classes);   // 60000 × 784, pixels already in [0, 1]
            test = fashion.Test.ToDataset(classes: fashion.Classes);
            name = "Fashion-MNIST (28×28)";
            if (quick)
            {
                all = Take(all, 2000);
                test = Take(test, 500);
            }
        }
        else
        {
            var digits = Digits.Load().ToDataset();                    // 1797 × 64, pixels scaled to [0, 1]
            var (rest, held) = digits.Split(0.8, SplitSeed);
            (all, test) = (rest, held);
            name = "the embedded 8×8 digits (Fashion-MNIST not found)";
        }
        int classes = all.Classes?.Count ?? 10;
        var (train, validation) = all.Split(0.9, SplitSeed);
        return new A2Data($"{name}: {train.Count} train, {validation.Count} validation, {test.Count} test, {all.FeatureShape[0]} pixels",
            Prepare(train, classes), Prepare(validation, classes), Prepare(test, classes), classes);
    }

    /// <summary>The bias trick (a column of ones after the pixels) and one-hot targets.</summary>
    public static Dataset Prepare(Dataset data, int classes)
    {
        var x = data.Features;
        var xTilde = cat([x, ones(x.size(0), 1)], 1);                  // n × (d + 1)
        var y = nn.functional.one_hot(data.Targets, classes).to(ScalarType.Float32);   // n × K
        return new Dataset(xTilde, y, data.Classes);
    }

    static Dataset Take(Dataset data, int count) =>
        data.Subset(randperm(data.Count, new Generator(SplitSeed)).narrow(0, 0, count));
}
