using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Edu.Sdk.Data;

/// <summary>
/// The header of an NPY file (NumPy format versions 1.0, 2.0 and 3.0): the magic string <c>\x93NUMPY</c>, a major
/// and a minor version byte, the header length (2 bytes little-endian in 1.0, 4 bytes in 2.0 and 3.0), then a Python
/// dict literal such as <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c>, padded with spaces and
/// ended by a newline so that the data starts at a multiple of 64 bytes.
/// </summary>
internal sealed record NpyHeader(NpyDtype Dtype, bool FortranOrder, int[] Shape)
{
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The data starts at a multiple of this (NumPy's <c>ARRAY_ALIGN</c>).</summary>
    public const int Alignment = 64;

    public long Numel
    {
        get
        {
            long n = 1;
            foreach (int d in Shape) n *= d;
            return n;
        }
    }

    public string ShapeText => Format(Shape);

    /// <summary>Reads and checks the header; <paramref name="where"/> names the file (and member) in messages.</summary>
    /// <returns>The header and its length in bytes, preamble included.</returns>
    public static (NpyHeader Header, int Length) Read(Stream s, string filePath, string where)
    {
        Span<byte> pre = stackalloc byte[12];
        int got = s.ReadAtLeast(pre[..10], 10, throwOnEndOfStream: false);
        if (got < 8 || !pre[..6].SequenceEqual(Magic))
            throw Fail(filePath, $"{where}: not an NPY file: it starts with {Hex(pre[..got])} instead of the magic string \\x93NUMPY. {WhatItIs(pre[..got])}");
        int major = pre[6], minor = pre[7];
        if (major is not (1 or 2 or 3) || minor != 0)
            throw Fail(filePath, $"{where}: NPY format version {major}.{minor} is not supported; this reader knows 1.0, 2.0 and 3.0 (re-save the array with numpy.save).");
        int preamble = major == 1 ? 10 : 12;
        if (got < 10 || (preamble == 12 && s.ReadAtLeast(pre[10..12], 2, throwOnEndOfStream: false) < 2))
            throw Fail(filePath, $"{where}: truncated file: it ends inside the header-length field of the NPY preamble.");
        long headerLen = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(pre[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(pre[8..]);
        if (headerLen > 1 << 24)
            throw Fail(filePath, $"{where}: bad NPY header: it declares {headerLen} bytes of header text, which no NumPy array needs; the file is damaged.");
        byte[] text = new byte[headerLen];
        int read = s.ReadAtLeast(text, text.Length, throwOnEndOfStream: false);
        if (read < headerLen)
            throw Fail(filePath, $"{where}: truncated file: the preamble declares {headerLen} bytes of header text, but the file ends after {read}.");
        var encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        string dict = encoding.GetString(text);
        return (Parse(dict, filePath, where), (int)(preamble + headerLen));
    }

    static NpyFormatException Fail(string filePath, string message) => new(filePath, message);

    static string Hex(ReadOnlySpan<byte> b) =>
        b.Length == 0 ? "nothing (the file is empty)" : "bytes " + string.Join(' ', b.ToArray().Select(x => x.ToString("x2", CultureInfo.InvariantCulture)));

    static string WhatItIs(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 2 && b[0] == (byte)'P' && b[1] == (byte)'K') return "It is a zip archive, probably an .npz file: read it with Npz.Load.";
        if (b.Length >= 2 && b[0] == 0x1f && b[1] == 0x8b) return "It is gzip-compressed: decompress it first (gunzip).";
        if (b.Length >= 1 && b[0] == (byte)'<') return "It looks like text (HTML?), perhaps a failed download.";
        return "The file is damaged or is not a NumPy array; save it with numpy.save.";
    }

    /// <summary>Parses the header's dict literal.</summary>
    internal static NpyHeader Parse(string dict, string filePath, string where)
    {
        Dictionary<string, object> entries;
        try
        {
            entries = new PyLiteral(dict).ParseDict();
        }
        catch (FormatException e)
        {
            throw Fail(filePath, $"{where}: bad NPY header: {e.Message}. Header text: {Quote(dict)}");
        }

        if (!entries.TryGetValue("descr", out var descrObj))
            throw Fail(filePath, $"{where}: bad NPY header: the key 'descr' (the element type) is missing. Header text: {Quote(dict)}");
        if (descrObj is not string descr)
            throw Fail(filePath, $"{where}: unsupported NPY element type: 'descr' is a structured (record) type, not a simple one like '<f4'; save each field as its own array. Header text: {Quote(dict)}");
        var dtype = NpyDtype.Parse(descr, out string? reason)
            ?? throw Fail(filePath, $"{where}: unsupported NPY element type: {reason}. Convert it with astype before saving. Header text: {Quote(dict)}");

        if (!entries.TryGetValue("fortran_order", out var fo))
            throw Fail(filePath, $"{where}: bad NPY header: the key 'fortran_order' is missing. Header text: {Quote(dict)}");
        if (fo is not bool fortran)
            throw Fail(filePath, $"{where}: bad NPY header: 'fortran_order' must be True or False. Header text: {Quote(dict)}");

        if (!entries.TryGetValue("shape", out var shapeObj))
            throw Fail(filePath, $"{where}: bad NPY header: the key 'shape' is missing. Header text: {Quote(dict)}");
        if (shapeObj is not List<long> dims)
            throw Fail(filePath, $"{where}: bad NPY header: 'shape' must be a tuple of integers such as (2, 3). Header text: {Quote(dict)}");
        var shape = new int[dims.Count];
        long numel = 1;
        for (int i = 0; i < dims.Count; i++)
        {
            if (dims[i] < 0 || dims[i] > int.MaxValue)
                throw Fail(filePath, $"{where}: bad NPY header: dimension {i} of the shape is {dims[i]}. Header text: {Quote(dict)}");
            shape[i] = (int)dims[i];
            numel *= Math.Max(1, dims[i]);
            if (numel > Array.MaxLength)
                throw Fail(filePath, $"{where}: bad NPY header: the shape {Format(shape)} holds more elements than one .NET array can. Header text: {Quote(dict)}");
        }
        return new NpyHeader(dtype, fortran, shape);
    }

    static string Quote(string s) => "\"" + s.TrimEnd('\n', ' ', '\0').Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    /// <summary>A shape as Python writes a tuple: <c>()</c>, <c>(3,)</c>, <c>(2, 3)</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape) => shape.Length switch
    {
        0 => "()",
        1 => $"({shape[0]},)",
        _ => "(" + string.Join(", ", shape.ToArray()) + ")",
    };

    /// <summary>The whole header (preamble, dict, padding, newline) for an array, in version 1.0 when it fits, else 2.0.</summary>
    public static byte[] Build(string descr, ReadOnlySpan<int> shape)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {Format(shape)}, }}";
        int preamble = 10;
        int total = Align(preamble + dict.Length + 1);
        if (total - preamble > ushort.MaxValue)
        {
            preamble = 12;
            total = Align(preamble + dict.Length + 1);
        }
        var bytes = new byte[total];
        Magic.CopyTo(bytes);
        bytes[6] = (byte)(preamble == 10 ? 1 : 2);
        bytes[7] = 0;
        int headerLen = total - preamble;
        if (preamble == 10) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLen);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLen);
        Encoding.Latin1.GetBytes(dict, bytes.AsSpan(preamble));
        bytes.AsSpan(preamble + dict.Length, total - preamble - dict.Length - 1).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    static int Align(int n) => (n + Alignment - 1) / Alignment * Alignment;

    /// <summary>
    /// The small part of Python's literal syntax an NPY header uses: a dict of string keys to strings, True/False,
    /// integers and tuples (or lists) of those.
    /// </summary>
    sealed class PyLiteral(string text)
    {
        int _pos;

        public Dictionary<string, object> ParseDict()
        {
            SkipSpace();
            Expect('{', "the header is not a Python dict (it should start with '{')");
            var d = new Dictionary<string, object>(StringComparer.Ordinal);
            while (true)
            {
                SkipSpace();
                if (Peek() == '}') { _pos++; break; }
                if (Value() is not string key) throw new FormatException($"a dict key at character {_pos} is not a string");
                SkipSpace();
                Expect(':', $"expected ':' after the key '{key}'");
                d[key] = Value();
                SkipSpace();
                if (Peek() == ',') { _pos++; continue; }
                Expect('}', "expected ',' or '}' after a dict value");
                break;
            }
            SkipSpace();
            if (_pos < text.Length && text[_pos] != '\0')
                throw new FormatException($"unexpected text after the dict at character {_pos}");
            return d;
        }

        object Value()
        {
            SkipSpace();
            char c = Peek();
            if (c is '\'' or '"') return String(c);
            if (c is '(' or '[') return Sequence(c == '(' ? ')' : ']');
            if (c == '-' || char.IsAsciiDigit(c)) return Integer();
            if (char.IsAsciiLetter(c))
            {
                int start = _pos;
                while (_pos < text.Length && char.IsAsciiLetterOrDigit(text[_pos])) _pos++;
                string word = text[start.._pos];
                return word switch
                {
                    "True" => true,
                    "False" => false,
                    _ => throw new FormatException($"unexpected word '{word}' at character {start}"),
                };
            }
            throw new FormatException(_pos >= text.Length ? "the dict is not closed (the header text ends early)" : $"unexpected '{c}' at character {_pos}");
        }

        object Sequence(char close)
        {
            _pos++;
            var items = new List<object>();
            while (true)
            {
                SkipSpace();
                if (Peek() == close) { _pos++; break; }
                items.Add(Value());
                SkipSpace();
                if (Peek() == ',') { _pos++; continue; }
                Expect(close, $"expected ',' or '{close}' in a tuple or list");
                break;
            }
            // A tuple of integers is a shape; anything else (a structured descr) is kept as an opaque list.
            if (items.TrueForAll(i => i is long)) return items.ConvertAll(i => (long)i);
            return items;
        }

        long Integer()
        {
            int start = _pos;
            if (Peek() == '-') _pos++;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos])) _pos++;
            if (!long.TryParse(text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
                throw new FormatException($"'{text[start.._pos]}' at character {start} is not an integer");
            if (_pos < text.Length && text[_pos] is 'L' or 'l') _pos++; // Python 2 wrote long integers as 3L
            return v;
        }

        string String(char quote)
        {
            int start = ++_pos;
            while (_pos < text.Length && text[_pos] != quote) _pos++;
            if (_pos >= text.Length) throw new FormatException($"the string starting at character {start - 1} is not closed");
            return text[start.._pos++];
        }

        void SkipSpace()
        {
            while (_pos < text.Length && text[_pos] is ' ' or '\t' or '\n' or '\r') _pos++;
        }

        char Peek() => _pos < text.Length ? text[_pos] : '\0';

        void Expect(char c, string message)
        {
            if (Peek() != c) throw new FormatException(_pos >= text.Length ? "the dict is not closed (the header text ends early)" : message);
            _pos++;
        }
    }
}
