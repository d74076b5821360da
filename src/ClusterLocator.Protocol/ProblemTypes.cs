namespace ClusterLocator.Protocol;

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

    /// <summary>
    /// 429 from a locator: this client asked more often than the locator's per-client rate allows;
    /// <c>Retry-After</c> says when it may ask again. Another client is not limited by it.
    /// </summary>
    public const string RateLimited = "urn:clusterlocator:problem:rate-limited";

    /// <summary>
    /// 429: the locator is at one of its limits (clusters, services, clusters per service) and refused
    /// to register one more; <c>detail</c> names the limit and the flag that raises it. Nothing was
    /// changed. A controller keeps reporting and is registered once room is made (a cluster
    /// deregisters or is forgotten) or the limit is raised.
    /// </summary>
    public const string LimitReached = "urn:clusterlocator:problem:limit-reached";
}
