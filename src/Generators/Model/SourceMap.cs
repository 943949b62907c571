using System.IO;

namespace Edu.Sdk.Generators.Model
{
    /// <summary>
    /// Where a layer's code sits in the student's file: the path, and the source line of each statement ordinal that
    /// <see cref="ValueNode.Line"/> holds (ordinal 0 is the method's own line). Kept out of <see cref="LayerModel"/>
    /// so that moving lines (an edit above the layer, a blank line inside it) leaves the model equal: the derivation
    /// and emission are cached, and only the cheap stamping of the <c>#line</c> numbers runs again.
    /// </summary>
    internal sealed record SourceMap(string HintName, string FilePath, EquatableArray<int> Lines)
    {
        /// <summary>The file's name, for the generated file's header comment.</summary>
        public string FileName => Path.GetFileName(FilePath);

        /// <summary>A <c>#line</c> directive needs a path, and one that can be written between quotes.</summary>
        public bool CanMapLines => FilePath.Length > 0 && FilePath.IndexOf('"') < 0;
    }
}

namespace Edu.Sdk.Generators.Model
{
    /// <summary>A generated file's name and text (a template before it is stamped with its <see cref="SourceMap"/>).</summary>
    internal sealed record GeneratedFile(string HintName, string Text);
}
