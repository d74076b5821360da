namespace ClusterLocator.Cli.Output;

/// <summary>The image formats <c>--plot</c> writes, chosen by the file's extension.</summary>
internal enum PlotFormat
{
    /// <summary>Scalable vector graphics: text stays text, the file is small and diffs in a repository.</summary>
    Svg,

    /// <summary>A bitmap of the requested size.</summary>
    Png,
}
