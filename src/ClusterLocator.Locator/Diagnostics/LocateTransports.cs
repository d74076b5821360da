namespace ClusterLocator.Locator.Diagnostics;

/// <summary>The values of the <c>transport</c> label of <c>clusterlocator.locate.requests</c>: how a locate was asked.</summary>
internal static class LocateTransports
{
    /// <summary><c>GET /v1/locate</c>.</summary>
    public const string Http = "http";

    /// <summary>A DNS query (docs/dns.md).</summary>
    public const string Dns = "dns";
}
