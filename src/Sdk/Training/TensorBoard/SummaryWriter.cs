using System.Globalization;

namespace Edu.Sdk.Training.TensorBoard;

/// <summary>
/// Writes scalars to a TensorBoard event file, spelled as TorchSharp's and PyTorch's
/// <c>torch.utils.tensorboard.SummaryWriter</c>: <c>add_scalar(tag, value, step)</c>, <c>flush()</c>, <c>close()</c>.
/// View the curves with <c>tensorboard --logdir runs</c>.
/// </summary>
/// <remarks>
/// <para>The file is <c>&lt;log_dir&gt;/events.out.tfevents.&lt;seconds since 1970&gt;.&lt;host&gt;</c>, a sequence of
/// TFRecords (length, masked CRC-32C of the length, data, masked CRC-32C of the data), each holding an <c>Event</c>
/// protocol buffer. The first event carries <c>file_version = "brain.Event:2"</c>; each scalar is an event with
/// its wall time, step and a summary value (tag, simple_value). Values are stored as float32, as TensorBoard does.</para>
/// <para>Thread-safe: two trainings may log to one writer. Records are buffered; <see cref="flush"/> (or disposing)
/// makes them visible to TensorBoard.</para>
/// </remarks>
/// <example>
/// <code>
/// using var writer = new SummaryWriter("runs/a4-minibatch");
/// for (int epoch = 0; epoch &lt; 20; epoch++)
///     writer.add_scalar("loss/train", TrainOneEpoch(), epoch);
/// // or let the fit loop log: Trainer.Fit(..., new FitOptions { TensorBoard = writer });
/// </code>
/// </example>
public sealed class SummaryWriter : IDisposable
{
    readonly object _gate = new();
    readonly TfRecordWriter _records;
    bool _closed;

    /// <summary>Opens a new event file in <paramref name="log_dir"/> (created if needed).</summary>
    /// <param name="log_dir">The run's directory; <c>runs/&lt;date&gt;_&lt;time&gt;_&lt;host&gt;</c> when null, as PyTorch does.</param>
    /// <param name="filename_suffix">Appended to the file name (e.g. <c>.train</c>).</param>
    public SummaryWriter(string? log_dir = null, string filename_suffix = "")
    {
        string host = SafeHost();
        log_dir ??= Path.Combine("runs", DateTime.Now.ToString("MMMdd_HH-mm-ss", CultureInfo.InvariantCulture) + "_" + host);
        Directory.CreateDirectory(log_dir);
        this.log_dir = log_dir;
        long seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string name = $"events.out.tfevents.{seconds.ToString(CultureInfo.InvariantCulture)}.{host}{filename_suffix}";
        string path = Path.Combine(log_dir, name);
        // Two writers opened in the same second in one directory get distinct files.
        for (int n = 1; File.Exists(path); n++) path = Path.Combine(log_dir, $"{name}.{n.ToString(CultureInfo.InvariantCulture)}");
        FilePath = path;
        _records = new TfRecordWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 14));
        _records.Write(EventEncoder.FileVersion(WallTime()));
    }

    /// <summary>The run's directory.</summary>
    public string log_dir { get; }

    /// <summary>The event file being written.</summary>
    public string FilePath { get; }

    /// <summary>Logs <paramref name="scalar_value"/> under <paramref name="tag"/> (e.g. <c>loss/train</c>) at <paramref name="global_step"/>.</summary>
    /// <param name="tag">The curve's name; slashes group curves in TensorBoard.</param>
    /// <param name="scalar_value">The value (stored as float32; NaN and infinities are kept).</param>
    /// <param name="global_step">The x coordinate: an epoch or a step number.</param>
    /// <param name="walltime">Seconds since 1970; now when null.</param>
    /// <exception cref="ObjectDisposedException">The writer was closed.</exception>
    public void add_scalar(string tag, double scalar_value, long global_step, double? walltime = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        var record = EventEncoder.Scalar(walltime ?? WallTime(), global_step, tag, (float)scalar_value);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _records.Write(record);
        }
    }

    /// <summary>Logs several curves at one step, each under <c>main_tag/key</c>.</summary>
    /// <param name="main_tag">The group's name.</param>
    /// <param name="tag_scalar_dict">The curves' names and values.</param>
    /// <param name="global_step">The x coordinate.</param>
    public void add_scalars(string main_tag, IReadOnlyDictionary<string, double> tag_scalar_dict, long global_step)
    {
        ArgumentNullException.ThrowIfNull(tag_scalar_dict);
        foreach (var (key, value) in tag_scalar_dict) add_scalar($"{main_tag}/{key}", value, global_step);
    }

    /// <summary>Writes the buffered events to the file so that TensorBoard sees them.</summary>
    public void flush()
    {
        lock (_gate)
        {
            if (!_closed) _records.Flush(toDisk: false);
        }
    }

    /// <summary>Flushes and closes the file; later calls to <see cref="add_scalar"/> throw.</summary>
    public void close()
    {
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            _records.Dispose();
        }
    }

    /// <summary>The same as <see cref="close"/>.</summary>
    public void Dispose() => close();

    static double WallTime() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    static string SafeHost()
    {
        string host;
        try { host = Environment.MachineName; }
        catch (InvalidOperationException) { host = "localhost"; }
        var chars = host.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray();
        return chars.Length == 0 ? "localhost" : new string(chars);
    }
}
