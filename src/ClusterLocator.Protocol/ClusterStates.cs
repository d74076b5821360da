namespace ClusterLocator.Protocol;

/// <summary>The cluster states of the wire contract.</summary>
public static class ClusterStates
{
    /// <summary>Takes new sessions.</summary>
    public const string Active = "active";

    /// <summary>Finishing its sessions; takes no new one.</summary>
    public const string Draining = "draining";

    /// <summary>Its lease ran out (shown by the locator, never reported).</summary>
    public const string Expired = "expired";
}
