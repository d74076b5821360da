namespace ClusterLocator.Integration.Tests.Infrastructure;

/// <summary>Files of the repository itself (docs, deploy/) that tests check against what runs.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder of <c>ClusterLocator.slnx</c>, above the test's output.</summary>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ClusterLocator.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ClusterLocator.slnx above {AppContext.BaseDirectory}.");
    }
}
