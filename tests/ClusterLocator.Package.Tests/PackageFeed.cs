using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace ClusterLocator.Package.Tests;

/// <summary>
/// The local feed that test.sh packs before the tests run (<c>artifacts/</c>, or
/// <c>CLUSTERLOCATOR_PACKAGES</c>). A missing feed fails every test that needs it, with the command
/// that makes it: these tests never pass on packages they did not find.
/// </summary>
internal static class PackageFeed
{
    public static string Version { get; } = Metadata("PackageVersion");

    public static string Directory
    {
        get
        {
            var directory = Environment.GetEnvironmentVariable("CLUSTERLOCATOR_PACKAGES") is { Length: > 0 } overridden
                ? Path.GetFullPath(overridden)
                : Metadata("PackagesDirectory");
            if (!File.Exists(PathIn(directory, "ClusterLocator.Tool")))
            {
                throw new InvalidOperationException(
                    $"No ClusterLocator.Tool.{Version}.nupkg in {directory}: the package tests use the packages that test.sh makes first. " +
                    "Run `dotnet pack ClusterLocator.slnx -c Release -o artifacts` in the repository (or ./test.sh), then the tests again.");
            }

            return directory;
        }
    }

    public static string PathOf(string id, string extension = "nupkg") => PathIn(Directory, id, extension);

    /// <summary>The package's .nuspec, with its namespace taken off the names.</summary>
    public static XElement Nuspec(string id)
    {
        using var package = ZipFile.OpenRead(PathOf(id));
        var entry = package.Entries.Single(e => e.FullName == $"{id}.nuspec");
        using var stream = entry.Open();
        var root = XElement.Load(stream);
        foreach (var element in root.DescendantsAndSelf())
        {
            element.Name = element.Name.LocalName;
        }

        return root;
    }

    public static IReadOnlyList<string> Files(string id, string extension = "nupkg")
    {
        using var package = ZipFile.OpenRead(PathOf(id, extension));
        return package.Entries.Select(e => e.FullName).ToList();
    }

    public static string ReadText(string id, string path)
    {
        using var package = ZipFile.OpenRead(PathOf(id));
        using var reader = new StreamReader(package.GetEntry(path)?.Open() ?? throw new InvalidOperationException($"{id} has no {path}."));
        return reader.ReadToEnd();
    }

    private static string PathIn(string directory, string id, string extension = "nupkg") =>
        Path.Combine(directory, $"{id}.{Version}.{extension}");

    private static string Metadata(string key) =>
        typeof(PackageFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is empty.");
}
