namespace ClusterLocator.Protocol;

/// <summary>The protocol names of the wire contract.</summary>
public static class Protocols
{
    /// <summary>A TCP session straight to the controller's TCP front door.</summary>
    public const string Tcp = "tcp";

    /// <summary>HTTP requests to the controller's HTTP front door.</summary>
    public const string Http = "http";
}
