namespace ClusterLocator.Protocol;

/// <summary>HTTP headers of the contract.</summary>
public static class WireHeaders
{
    /// <summary>Set by a controller that is full or draining: go back to the locator.</summary>
    public const string Relocate = "ClusterLocator-Relocate";
}
