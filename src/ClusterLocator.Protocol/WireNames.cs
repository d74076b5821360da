namespace ClusterLocator.Protocol;

/// <summary>The protocol names of the wire contract.</summary>
public static class Protocols
{
    /// <summary>A TCP session straight to the controller's TCP front door.</summary>
    public const string Tcp = "tcp";

    /// <summary>HTTP requests to the controller's HTTP front door.</summary>
    public const string Http = "http";
}

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

/// <summary>HTTP headers of the contract.</summary>
public static class WireHeaders
{
    /// <summary>Set by a controller that is full or draining: go back to the locator.</summary>
    public const string Relocate = "ClusterLocator-Relocate";
}

/// <summary>
/// The <c>type</c> of the problems a client acts on differently. Other problems keep
/// <c>about:blank</c>; their status and title say what they are.
/// </summary>
public static class ProblemTypes
{
    /// <summary>503 from a locator that has just started: this locator cannot answer yet, another may.</summary>
    public const string WarmingUp = "urn:clusterlocator:problem:warming-up";

    /// <summary>503 because no cluster of the service is eligible: every locator would say the same.</summary>
    public const string NoEligibleCluster = "urn:clusterlocator:problem:no-eligible-cluster";

    /// <summary>400: the request is invalid; the <c>errors</c> list every problem.</summary>
    public const string InvalidRequest = "urn:clusterlocator:problem:invalid-request";
}
