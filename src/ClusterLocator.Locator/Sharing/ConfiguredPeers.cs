namespace ClusterLocator.Locator.Sharing;

/// <summary>The peers given in <see cref="LocatorOptions.Peers"/>, read once; the options validator has checked them.</summary>
internal sealed class ConfiguredPeers(LocatorOptions options) : IPeerDirectory
{
    public IReadOnlyList<Uri> Peers { get; } = [.. options.Peers.Select(peer => PeerAddress.TryParse(peer, out var uri) ? uri : null).OfType<Uri>()];
}
