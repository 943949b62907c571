using System.Globalization;
using System.Text.Json;

namespace Edu.Sdk.Checkpoints;

/// <summary>
/// Parses and checks a safetensors header: every entry well formed, every byte range the size its dtype and shape
/// need, and the ranges tiling the data section exactly (no overlap, no gap, nothing after the last tensor).
/// </summary>
internal sealed class SafetensorsHeaderReader(string path)
{
    /// <summary>The entries sorted by where their data begins, and the metadata.</summary>
    public (List<SafetensorsEntry> Entries, Dictionary<string, string> Metadata) Read(ReadOnlyMemory<byte> header, long dataLength)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException ex)
        {
            throw Fault($"the header is not valid JSON ({ex.Message})", ex);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Fault($"the header is a JSON {doc.RootElement.ValueKind}, not an object");
            var entries = new List<SafetensorsEntry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (!names.Add(prop.Name)) throw Fault($"the header names '{prop.Name}' twice");
                if (prop.Name == "__metadata__") ReadMetadata(prop.Value, metadata);
                else entries.Add(ReadEntry(prop.Name, prop.Value));
            }
            CheckLayout(entries, dataLength);
            return (entries, metadata);
        }
    }

    void ReadMetadata(JsonElement e, Dictionary<string, string> metadata)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Fault("__metadata__ is not a JSON object");
        foreach (var p in e.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
                throw Fault($"__metadata__ entry '{p.Name}' is a JSON {p.Value.ValueKind}; metadata values are strings");
            if (!metadata.TryAdd(p.Name, p.Value.GetString()!)) throw Fault($"__metadata__ names '{p.Name}' twice");
        }
    }

    SafetensorsEntry ReadEntry(string name, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Fault($"tensor '{name}': its entry is a JSON {e.ValueKind}, not an object");
        JsonElement? dtype = null, shape = null, offsets = null;
        foreach (var p in e.EnumerateObject())
        {
            switch (p.Name)
            {
                case "dtype" when dtype is null: dtype = p.Value; break;
                case "shape" when shape is null: shape = p.Value; break;
                case "data_offsets" when offsets is null: offsets = p.Value; break;
                default: throw Fault($"tensor '{name}': unexpected or repeated field '{p.Name}'");
            }
        }
        if (dtype is not { ValueKind: JsonValueKind.String } d) throw Fault($"tensor '{name}': \"dtype\" is missing or not a string");
        string dtypeName = d.GetString()!;
        if (!SafetensorsDtype.TryParse(dtypeName, out var type))
            throw Fault($"tensor '{name}': dtype \"{dtypeName}\" is not one Edu.Sdk reads ({SafetensorsDtype.Supported})");
        long[] dims = Integers(name, "shape", shape, -1);
        long[] range = Integers(name, "data_offsets", offsets, 2);
        if (range[1] < range[0]) throw Fault($"tensor '{name}': data_offsets [{range[0]}, {range[1]}] end before they begin");
        long numel = 1;
        foreach (long dim in dims)
        {
            numel *= dim;
            if (numel > int.MaxValue) throw Fault($"tensor '{name}': shape [{string.Join(", ", dims)}] has more elements than a tensor can hold ({int.MaxValue})");
        }
        long bytes = numel * type.ElementSize();
        if (range[1] - range[0] != bytes)
            throw Fault($"tensor '{name}': data_offsets [{range[0]}, {range[1]}] hold {range[1] - range[0]} bytes but {dtypeName} [{string.Join(", ", dims)}] needs {bytes}");
        return new SafetensorsEntry(name, type, dims, range[0], range[1]);
    }

    /// <summary>An array of non-negative integers (of <paramref name="count"/> elements unless it is -1).</summary>
    long[] Integers(string name, string field, JsonElement? value, int count)
    {
        if (value is not { ValueKind: JsonValueKind.Array } a) throw Fault($"tensor '{name}': \"{field}\" is missing or not an array");
        int n = a.GetArrayLength();
        if (count >= 0 && n != count) throw Fault($"tensor '{name}': \"{field}\" has {n} numbers, not {count}");
        var r = new long[n];
        int i = 0;
        foreach (var x in a.EnumerateArray())
        {
            if (x.ValueKind != JsonValueKind.Number || !x.TryGetInt64(out long v) || v < 0)
                throw Fault($"tensor '{name}': \"{field}\" holds {x.GetRawText()}, not a non-negative integer");
            r[i++] = v;
        }
        return r;
    }

    /// <summary>The byte ranges, sorted, must tile [0, dataLength) exactly.</summary>
    void CheckLayout(List<SafetensorsEntry> entries, long dataLength)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long at = 0;
        string previous = "";
        foreach (var e in entries)
        {
            if (e.Begin < at) throw Fault($"tensors '{previous}' and '{e.Name}' overlap (bytes {e.Begin} to {at})");
            if (e.Begin > at) throw Fault($"bytes {at} to {e.Begin} of the data belong to no tensor (before '{e.Name}')");
            if (e.End > dataLength)
                throw Fault($"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] go beyond the {dataLength} bytes of data after the header; the file is truncated");
            at = e.End;
            if (e.End > e.Begin) previous = e.Name;
        }
        if (at != dataLength)
            throw Fault($"{(dataLength - at).ToString(CultureInfo.InvariantCulture)} bytes follow the last tensor's data (trailing garbage, or a header that lost entries)");
    }

    SafetensorsFormatException Fault(string what, Exception? inner = null) =>
        new(path, $"{path}: not a valid safetensors file: {what}.", inner);
}
