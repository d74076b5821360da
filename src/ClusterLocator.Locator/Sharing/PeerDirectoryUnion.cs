namespace ClusterLocator.Locator.Sharing;

/// <summary>
/// The peers of several directories as one list (the configured ones and those found through etcd),
/// each URL once. With no directory, no peers.
/// </summary>
internal sealed class PeerDirectoryUnion(params IPeerDirectory[] directories) : IPeerDirectory
{
    public IReadOnlyList<Uri> Peers => directories.Length == 1
        ? directories[0].Peers
        : [.. directories.SelectMany(directory => directory.Peers).Distinct()];
}
