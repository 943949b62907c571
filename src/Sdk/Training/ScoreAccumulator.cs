using Edu.Sdk.Tensors;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Training;

/// <summary>Sums a pass's loss and metric batch by batch, reading outputs and targets directly (no tensors allocated).</summary>
internal sealed class ScoreAccumulator(TaskKind task, bool roundedAccuracy)
{
    double[] _first = [], _second = [];   // reused conversion buffers: scoring a batch allocates nothing
    double _loss, _absoluteError;
    long _correct, _values;
    int _count;

    public int Count => _count;

    public void Reset() => (_loss, _absoluteError, _correct, _values, _count) = (0, 0, 0, 0, 0);

    /// <summary>Adds one batch: its mean loss and its output against its targets.</summary>
    public void Add(double meanLoss, Tensor output, Tensor targets)
    {
        int n = (int)targets.size(0);
        _loss += meanLoss * n;
        _count += n;
        if (task == TaskKind.Classification) _correct += Correct(output, targets);
        else
        {
            var (error, values, correct) = Errors(output, targets, roundedAccuracy);
            _absoluteError += error;
            _values += values;
            _correct += correct;
        }
    }

    public Scores Result()
    {
        if (_count == 0) return new Scores(double.NaN, null, null, 0);
        double loss = _loss / _count;
        return task == TaskKind.Classification
            ? new Scores(loss, (double)_correct / _count, null, _count)
            : new Scores(loss, roundedAccuracy ? (double)_correct / _count : null, _values == 0 ? double.NaN : _absoluteError / _values, _count);
    }

    /// <summary>Rows whose arg-max equals the label (Int64 targets) or the target row's arg-max (one-hot targets).</summary>
    long Correct(Tensor output, Tensor targets)
    {
        int n = (int)output.size(0);
        int c = n == 0 ? 0 : (int)(output.numel() / n);
        var scores = AsDoubles(output, ref _first);
        if (targets.dtype == ScalarType.Int64)
        {
            var labels = targets.data<long>();
            if (c == 1) throw new ArgumentException("Trainer: the model has one output per example, so it cannot be scored as a classifier; set FitOptions.Task = TaskKind.Regression (and RoundedAccuracy for labels as numbers).");
            long correct = 0;
            for (int i = 0; i < n; i++) if (ArgMax(scores.Slice(i * c, c)) == labels[i]) correct++;
            return correct;
        }
        var rows = AsDoubles(targets, ref _second);
        if (rows.Length != scores.Length)
            throw new ArgumentException($"Trainer: the output has shape ({Shape.Format(output.Dims)}) but the targets ({Shape.Format(targets.Dims)}); classification needs labels of shape (n) or one-hot rows of the output's shape.");
        long ok = 0;
        for (int i = 0; i < n; i++) if (ArgMax(scores.Slice(i * c, c)) == ArgMax(rows.Slice(i * c, c))) ok++;
        return ok;
    }

    /// <summary>Σ|output − target| over every value, the number of values, and (one output per row) the rows whose rounded prediction equals the target.</summary>
    (double Error, long Values, long Correct) Errors(Tensor output, Tensor targets, bool rounded)
    {
        var o = AsDoubles(output, ref _first);
        var t = AsDoubles(targets, ref _second);
        if (o.Length != t.Length)
            throw new ArgumentException($"Trainer: the output has shape ({Shape.Format(output.Dims)}) but the targets ({Shape.Format(targets.Dims)}); regression needs one target per output value.");
        double error = 0;
        for (int i = 0; i < o.Length; i++) error += Math.Abs(o[i] - t[i]);
        long correct = 0;
        if (rounded)
        {
            int n = (int)targets.size(0);
            if (o.Length != n) throw new ArgumentException("Trainer: RoundedAccuracy needs one output per example.");
            for (int i = 0; i < n; i++) if (Math.Round(o[i], MidpointRounding.AwayFromZero) == t[i]) correct++;
        }
        return (error, o.Length, correct);
    }

    static int ArgMax(ReadOnlySpan<double> row)
    {
        int best = 0;
        for (int j = 1; j < row.Length; j++) if (row[j] > row[best] || double.IsNaN(row[j])) { best = j; if (double.IsNaN(row[j])) break; }
        return best;
    }

    /// <summary>The values as doubles: Float64 data directly, others converted into <paramref name="buffer"/> (grown as needed, then reused).</summary>
    static ReadOnlySpan<double> AsDoubles(Tensor t, ref double[] buffer)
    {
        if (t.dtype == ScalarType.Float64) return t.data<double>();
        int n = (int)t.numel();
        if (buffer.Length < n) buffer = new double[n];
        var d = buffer.AsSpan(0, n);
        switch (t.dtype)
        {
            case ScalarType.Float32:
                System.Numerics.Tensors.TensorPrimitives.ConvertChecked<float, double>(t.data<float>(), d);
                break;
            case ScalarType.Int64:
                var l = t.data<long>();
                for (int i = 0; i < n; i++) d[i] = l[i];
                break;
            default:
                throw new ArgumentException($"Trainer: cannot score a {t.dtype} tensor.");
        }
        return d;
    }
}
