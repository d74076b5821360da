using System.Collections.Frozen;

namespace ClusterLocator.Locator.Dashboard;

/// <summary>
/// The dashboard's files, embedded in the assembly (no build step, nothing on disk): the page, its
/// script and style, and uPlot (vendored from npm, with its licence).
/// </summary>
internal static class DashboardAssets
{
    /// <summary>The page served at <c>/</c>.</summary>
    public const string Page = "dashboard.html";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Page] = "text/html; charset=utf-8",
        ["dashboard.js"] = "text/javascript; charset=utf-8",
        ["dashboard.css"] = "text/css; charset=utf-8",
        ["uPlot.iife.min.js"] = "text/javascript; charset=utf-8",
        ["uPlot.min.css"] = "text/css; charset=utf-8",
        ["uPlot.LICENSE"] = "text/plain; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly Lazy<FrozenDictionary<string, byte[]>> Contents = new(Load);

    /// <summary>The file named <paramref name="name"/> and its content type; false for any other name.</summary>
    public static bool TryGet(string name, out byte[] content, out string contentType)
    {
        if (ContentTypes.TryGetValue(name, out contentType!))
        {
            content = Contents.Value[name];
            return true;
        }

        content = [];
        return false;
    }

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        return ContentTypes.Keys.ToFrozenDictionary(
            name => name,
            name =>
            {
                using var stream = assembly.GetManifestResourceStream($"ClusterLocator.Locator.Dashboard.{name}")
                    ?? throw new InvalidOperationException($"The dashboard's file '{name}' is not embedded in the assembly.");
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                return buffer.ToArray();
            },
            StringComparer.Ordinal);
    }
}
