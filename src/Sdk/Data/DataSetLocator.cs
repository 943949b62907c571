using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Edu.Sdk.Data;

/// <summary>
/// Finds the four files of an MNIST-style data set. Order: the caller's folder alone if given; else EDU_DATA, then
/// ./data, then the system folders. Every place looked at is recorded with what was found there, for the message
/// of <see cref="DataSetNotFoundException"/>.
/// </summary>
internal static class DataSetLocator
{
    public static bool TryLocate(IdxDataSetSpec spec, DataSearch search, [NotNullWhen(true)] out DataSetFiles? files, out List<string> searched)
    {
        searched = [];
        foreach (var (label, folder) in Candidates(spec, search, searched))
        {
            if (!Directory.Exists(folder))
            {
                searched.Add($"{label}: no such folder");
                continue;
            }
            var found = new string?[IdxDataSetSpec.FileNames.Length];
            for (int i = 0; i < found.Length; i++) found[i] = FindFile(folder, IdxDataSetSpec.FileNames[i]);
            if (Array.TrueForAll(found, f => f is not null))
            {
                files = new DataSetFiles(Path.GetFullPath(folder), found[0]!, found[1]!, found[2]!, found[3]!);
                return true;
            }
            searched.Add($"{label}: {Inventory(found)}");
        }
        files = null;
        return false;
    }

    public static DataSetFiles Locate(IdxDataSetSpec spec, DataSearch search)
    {
        if (TryLocate(spec, search, out var files, out var searched)) return files;
        var message = new StringBuilder()
            .Append(spec.Name).Append(" was not found. Looked for ")
            .Append(string.Join(", ", IdxDataSetSpec.FileNames))
            .AppendLine(" (each raw or .gz) in, in order:");
        foreach (var place in searched) message.Append("  - ").AppendLine(place);
        message.Append("To get it: ").Append(spec.HowToGet);
        throw new DataSetNotFoundException(spec.Name, searched, message.ToString());
    }

    /// <summary>The folders to look in, each with how a reader recognises it; notes places skipped into <paramref name="searched"/>.</summary>
    static IEnumerable<(string Label, string Folder)> Candidates(IdxDataSetSpec spec, DataSearch search, List<string> searched)
    {
        if (search.Directory is { } given)
        {
            string full = Path.GetFullPath(given, search.CurrentDirectory);
            yield return ($"the folder given, {full}", full);
            yield return ($"the folder given, {Path.Combine(full, spec.FolderName)}", Path.Combine(full, spec.FolderName));
            yield break;
        }

        string env = DataSearch.EnvironmentVariable;
        if (string.IsNullOrWhiteSpace(search.EduData))
        {
            searched.Add($"{env}: not set");
        }
        else
        {
            string root = Path.GetFullPath(search.EduData, search.CurrentDirectory);
            yield return ($"{env}/{spec.FolderName} ({Path.Combine(root, spec.FolderName)})", Path.Combine(root, spec.FolderName));
            if (spec.AcceptRootFolder) yield return ($"{env} ({root})", root);
        }

        string data = Path.Combine(search.CurrentDirectory, "data");
        yield return ($"./data/{spec.FolderName} ({Path.Combine(data, spec.FolderName)})", Path.Combine(data, spec.FolderName));
        if (spec.AcceptRootFolder) yield return ($"./data ({data})", data);

        foreach (var system in search.SystemDirectories ?? spec.SystemDirectories)
            yield return (system, system);
    }

    /// <summary>The uncompressed file if present (no decompression to pay), else the .gz one, else null.</summary>
    static string? FindFile(string folder, string name)
    {
        string raw = Path.Combine(folder, name);
        if (File.Exists(raw)) return Path.GetFullPath(raw);
        string gz = raw + ".gz";
        return File.Exists(gz) ? Path.GetFullPath(gz) : null;
    }

    static string Inventory(string?[] found)
    {
        var present = new List<string>();
        var missing = new List<string>();
        for (int i = 0; i < found.Length; i++)
        {
            if (found[i] is { } f) present.Add(Path.GetFileName(f));
            else missing.Add(IdxDataSetSpec.FileNames[i] + "[.gz]");
        }
        return present.Count == 0
            ? "none of the files"
            : $"has {string.Join(", ", present)} but is missing {string.Join(", ", missing)}";
    }
}
