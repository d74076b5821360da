namespace ClusterLocator.Protocol;

/// <summary>The values of <see cref="LocatorStatus.Transport"/>: how a network peer reaches the locator.</summary>
public static class LocatorTransports
{
    /// <summary>Every address the locator listens on is on loopback (or a local socket): no network peer reaches it.</summary>
    public const string Loopback = "loopback";

    /// <summary>Every address beyond loopback is <c>https://</c>, or every address is.</summary>
    public const string Tls = "tls";

    /// <summary>At least one address beyond loopback is plain <c>http://</c>: reports and tokens cross the network in clear.</summary>
    public const string Plaintext = "plaintext";
}
