using Edu.Sdk.Data;
using static Edu.Sdk.torch;

namespace MlpBackprop;

/// <summary>A3's sets: flattened images with class labels (Int64), 90/10 train/validation split, the test set for the end.</summary>
public sealed record A3Data(string Description, Dataset Train, Dataset Validation, Dataset Test, long Inputs, int Classes, bool IsFashion)
{
    /// <summary>The seed of the split (and of the quick subset).</summary>
    public const long SplitSeed = 42;

    /// <summary>Fashion-MNIST when installed, else the embedded 8×8 digits (20 % held out as test); <paramref name="quick"/> keeps a seeded subset.</summary>
    public static A3Data Load(bool quick)
    {
        Dataset all, test;
        string name;
        bool fashion = FashionMnist.IsAvailable();
        if (fashion)
        {
            var set = FashionMnist.Load();
            all = set.Train.ToDataset(classes: set.Classes);
            test = set.Test.ToDataset(classes: set.Classes);
            name = "Fashion-MNIST (28×28)";
            if (quick) (all, test) = (Take(all, 2000), Take(test, 500));
        }
        else
        {
            (all, test) = Digits.Load().ToDataset().Split(0.8, SplitSeed);
            name = "the embedded 8×8 digits (Fashion-MNIST not found: models sized for 64 inputs)";
        }
        var (train, validation) = all.Split(0.9, SplitSeed);
        return new A3Data($"{name}: {train.Count} train, {validation.Count} validation, {test.Count} test",
            train, validation, test, all.FeatureShape[0], all.Classes?.Count ?? 10, fashion);
    }

    static Dataset Take(Dataset data, int count) =>
        data.Subset(randperm(data.Count, new Generator(SplitSeed)).narrow(0, 0, count));
}
