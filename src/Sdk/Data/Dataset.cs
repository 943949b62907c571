using Edu.Sdk.Tensors;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>
/// A supervised data set: a features tensor and a targets tensor whose rows (dimension 0) go together, plus the
/// class names when the targets are class labels. Every operation returns a new <see cref="Dataset"/> holding new
/// tensors (or, for <see cref="Batches"/>, reused buffers): the original is never changed.
/// </summary>
/// <example>
/// <code>
/// var digits = Digits.Load().ToDataset().WhereClass(3, 5, 8).Relabel();   // A6: labels 0, 1, 2
/// var (train, validation) = digits.Split(0.8, seed: 42);
/// var scaler = Standardizer.Fit(train.Features);
/// foreach (var (x, y) in scaler.Transform(train).Batches(32, shuffle: true, seed: 1)) { ... }
/// </code>
/// </example>
public sealed class Dataset
{
    /// <summary>
    /// A data set of <paramref name="features"/> and <paramref name="targets"/>, not copied when they are contiguous, so
    /// an in-place change to them shows in later batches. A non-contiguous view (<c>x.T</c>, a column slice) is copied
    /// once, here: the batches copy rows as blocks of memory. Changes to the original then do not show; make the
    /// change first, or pass <c>x.T.contiguous()</c> and change that.
    /// </summary>
    /// <param name="features">Shape (n, ...), any dtype: one example per row.</param>
    /// <param name="targets">Shape (n, ...): Int64 class labels of shape (n) for classification, floating values for regression.</param>
    /// <param name="classes">The class names indexed by label, when the targets are class labels; else null.</param>
    /// <exception cref="ArgumentException">A tensor is 0-d, or the two disagree in their number of rows.</exception>
    public Dataset(Tensor features, Tensor targets, IReadOnlyList<string>? classes = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.dim() == 0 || targets.dim() == 0)
            throw new ArgumentException($"Dataset: features and targets need a row dimension; got shapes ({features.ShapeText}) and ({targets.ShapeText}).");
        if (features.size(0) != targets.size(0))
            throw new ArgumentException($"Dataset: features have {features.size(0)} rows (shape {features.ShapeText}) but targets have {targets.size(0)} (shape {targets.ShapeText}); they must pair row by row.");
        _features = features.Contiguous();
        _featureDims = features.Dims.ToArray();
        Targets = targets.Contiguous();
        Classes = classes;
    }

    /// <summary>
    /// A data set whose features are images kept as bytes (<see cref="ImageSplit.ToDataset"/>): Float32 features of
    /// shape <paramref name="featureDims"/>, made only if <see cref="Features"/> is read.
    /// </summary>
    internal Dataset(PixelRows pixels, int[] featureDims, Tensor targets, IReadOnlyList<string>? classes)
    {
        if (pixels.Count != targets.size(0))
            throw new ArgumentException($"Dataset: {pixels.Count} images but {targets.size(0)} targets (shape {targets.ShapeText}); they must pair row by row.");
        _pixels = pixels;
        _featureDims = featureDims;
        Targets = targets.Contiguous();
        Classes = classes;
    }

    readonly PixelRows? _pixels;
    readonly int[] _featureDims;
    Tensor? _features;

    /// <summary>
    /// The features, shape (n, ...). For images kept as bytes, the Float32 tensor is made the first time this (or the
    /// split's <c>Images</c>, or the features of another data set sharing these bytes) is read; from then on it is the
    /// data (batches are copied from it, so changes made to it in place show).
    /// </summary>
    public Tensor Features => _features ?? MaterializeFeatures();

    /// <summary>
    /// The shape of one example's features (the features' shape without the row dimension), e.g. <c>[784]</c> for
    /// flattened 28x28 images: a model's input size, known without making the features of images kept as bytes.
    /// </summary>
    public long[] FeatureShape => Shape.ToLong(_featureDims.AsSpan(1));

    /// <summary>The images' bytes while they are still the data (nobody has made their floats yet), else null.</summary>
    internal PixelRows? Pixels => _pixels is { HasFloats: false } ? _pixels : null;

    /// <summary>The features' shape, without making them.</summary>
    internal ReadOnlySpan<int> FeatureDims => _featureDims;

    /// <summary>The features' dtype, without making them.</summary>
    internal ScalarType FeatureDtype => _features?.dtype ?? ScalarType.Float32;

    /// <summary>The first <paramref name="count"/> rows of the features (a view, or converted rows for images kept as bytes).</summary>
    internal Tensor FeatureHead(int count)
    {
        if (Pixels is not { } px) return Features.narrow(0, 0, count);
        return px.ToFloat32(0, count, Shape.WithRows(_featureDims, count));
    }

    /// <summary>The same features (bytes kept as bytes) with other targets.</summary>
    internal Dataset WithTargets(Tensor targets, IReadOnlyList<string>? classes) =>
        Pixels is { } px ? new Dataset(px, _featureDims, targets, classes) : new Dataset(Features, targets, classes);

    /// <summary>
    /// A view of the images' shared floats (<see cref="PixelRows.Floats"/>) in this data set's shape; one object, even
    /// when two threads race here.
    /// </summary>
    Tensor MaterializeFeatures()
    {
        var features = _pixels!.Floats().reshape(Shape.ToLong(_featureDims));
        return Interlocked.CompareExchange(ref _features, features, null) ?? features;
    }

    /// <summary>The targets, shape (n, ...).</summary>
    public Tensor Targets { get; }

    /// <summary>The class names indexed by label, or null when unknown or when the targets are not labels.</summary>
    public IReadOnlyList<string>? Classes { get; }

    /// <summary>The number of examples (rows).</summary>
    public int Count => _featureDims[0];

    /// <summary>
    /// Splits the rows at random into a training part holding <paramref name="trainFraction"/> of them (rounded to
    /// the nearest row) and a validation part holding the rest. The rows are drawn by
    /// <c>torch.randperm(Count, new torch.Generator(seed))</c>: the first ones go to training, in that permuted order.
    /// The same seed gives the same split on every machine.
    /// </summary>
    /// <param name="trainFraction">Between 0 and 1, e.g. 0.9 for 90 % train, 10 % validation.</param>
    /// <param name="seed">The seed of the permutation.</param>
    public DatasetSplit Split(double trainFraction, long seed)
    {
        if (!(trainFraction > 0 && trainFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(trainFraction), $"Dataset.Split: the training fraction must be between 0 and 1 (exclusive), got {trainFraction}.");
        int train = (int)Math.Round(trainFraction * Count, MidpointRounding.AwayFromZero);
        var perm = torch.randperm(Count, new torch.Generator(seed));
        return new DatasetSplit(Subset(perm.narrow(0, 0, train)), Subset(perm.narrow(0, train, Count - train)));
    }

    /// <summary>The rows at <paramref name="indices"/> (a 1-d Int64 tensor), in that order, copied; repeats allowed.</summary>
    public Dataset Subset(Tensor indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        using (torch.no_grad())
        {
            // The targets go first: index_select names an index out of range.
            var targets = Targets.index_select(0, indices);
            if (Pixels is not { } px) return new Dataset(Features.index_select(0, indices), targets, Classes);
            var rows = indices.to(ScalarType.Int64).Contiguous().Span<long>();
            return new Dataset(px.Select(rows), Shape.WithRows(_featureDims, rows.Length), targets, Classes);
        }
    }

    /// <summary>The rows at <paramref name="indices"/>, in that order, copied; repeats allowed.</summary>
    public Dataset Subset(params long[] indices) => Subset(torch.tensor(indices));

    /// <summary>The rows whose label is one of <paramref name="classes"/>, in their original order; labels unchanged
    /// (follow with <see cref="Relabel"/> to number the kept classes 0, 1, ...).</summary>
    /// <exception cref="InvalidOperationException">The targets are not 1-d Int64 labels.</exception>
    public Dataset WhereClass(params long[] classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var labels = Labels(nameof(WhereClass));
        var keep = new HashSet<long>(classes);
        var rows = new List<long>();
        for (int i = 0; i < labels.Length; i++) if (keep.Contains(labels[i])) rows.Add(i);
        return Subset([.. rows]);
    }

    /// <summary>
    /// Renumbers the labels present, in increasing order, as 0, 1, ..., k-1 (after <c>WhereClass(3, 5, 8)</c>: 3 → 0,
    /// 5 → 1, 8 → 2). <see cref="Classes"/> follows: the kept names, or the old labels as text when no names were known.
    /// </summary>
    /// <exception cref="InvalidOperationException">The targets are not 1-d Int64 labels.</exception>
    public Dataset Relabel()
    {
        var labels = Labels(nameof(Relabel));
        var present = new SortedSet<long>(labels.ToArray()).ToArray();
        var newLabels = new long[labels.Length];
        for (int i = 0; i < labels.Length; i++) newLabels[i] = Array.BinarySearch(present, labels[i]);
        var names = present.Select(l => Classes is not null && l >= 0 && l < Classes.Count ? Classes[(int)l] : l.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return WithTargets(torch.tensor(newLabels), names);
    }

    /// <summary>The same rows with one-hot targets: label c becomes a row of zeros with a 1 at column c.</summary>
    /// <param name="numClasses">The number of columns; by default the number of <see cref="Classes"/>, else the largest label + 1.</param>
    /// <param name="dtype">The targets' dtype: Float32 (the default) or Float64, for arithmetic with predictions.</param>
    /// <exception cref="InvalidOperationException">The targets are not 1-d Int64 labels.</exception>
    public Dataset OneHot(long numClasses = -1, ScalarType dtype = ScalarType.Float32)
    {
        Labels(nameof(OneHot));
        if (numClasses < 0 && Classes is not null) numClasses = Classes.Count;
        return WithTargets(torch.nn.functional.one_hot(Targets, numClasses).to(dtype), Classes);
    }

    /// <summary>
    /// Mini-batches covering every row once per epoch, each copied into buffers that are reused (see
    /// <see cref="BatchLoader"/>). Enumerate the loader once per epoch; with <paramref name="shuffle"/>, each epoch
    /// draws a new order from a generator seeded once with <paramref name="seed"/>, so the sequence of epochs is the
    /// same on every machine.
    /// </summary>
    /// <param name="batchSize">Rows per batch; the last batch of an epoch may be smaller.</param>
    /// <param name="shuffle">True (the default): a new random order each epoch; false: the rows in order.</param>
    /// <param name="seed">The seed of the order's generator.</param>
    /// <param name="dropLast">True: skip the last batch of an epoch when it is smaller than <paramref name="batchSize"/>.</param>
    public BatchLoader Batches(int batchSize, bool shuffle = true, long seed = 0, bool dropLast = false) =>
        new(this, batchSize, shuffle ? BatchOrder.Shuffled : BatchOrder.Sequential, seed, dropLast, batchesPerEpoch: null);

    /// <summary>
    /// Mini-batches of rows drawn at random with replacement (a row may appear twice in a batch, or in no batch of an
    /// epoch), as in A6's stochastic gradient descent; every batch has <paramref name="batchSize"/> rows.
    /// </summary>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="seed">The seed of the draws' generator.</param>
    /// <param name="batchesPerEpoch">Batches per enumeration; by default Count / batchSize rounded up, about one pass over the data.</param>
    public BatchLoader BatchesWithReplacement(int batchSize, long seed = 0, int? batchesPerEpoch = null) =>
        new(this, batchSize, BatchOrder.WithReplacement, seed, dropLast: false, batchesPerEpoch);

    /// <summary>E.g. <c>Dataset of 1797 rows: features (64) Float32, targets Int64, 10 classes</c>.</summary>
    public override string ToString()
    {
        static string Rest(ReadOnlySpan<int> dims) => dims.Length == 1 ? "" : $"({Shape.Format(dims[1..])}) ";
        string classes = Classes is null ? "" : $", {Classes.Count} classes";
        return $"Dataset of {Count} rows: features {Rest(FeatureDims)}{FeatureDtype}, targets {Rest(Targets.Dims)}{Targets.dtype}{classes}";
    }

    ReadOnlySpan<long> Labels(string op)
    {
        if (Targets.dtype != ScalarType.Int64 || Targets.dim() != 1)
            throw new InvalidOperationException($"Dataset.{op}: needs 1-d Int64 class labels as targets, got {Targets.dtype} of shape ({Targets.ShapeText}). Call {op} before OneHot, on a classification data set.");
        return Targets.Span<long>();
    }
}
