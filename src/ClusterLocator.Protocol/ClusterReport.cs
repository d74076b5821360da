namespace ClusterLocator.Protocol;

/// <summary>
/// The whole state of one cluster, sent by its controller in <c>PUT /v1/clusters/{clusterId}</c>.
/// The same message registers a cluster and reports its load.
/// </summary>
/// <remarks>
/// Properties are nullable so that a missing field is reported by <see cref="Validation.ReportValidator"/>
/// with a message naming it, rather than failing deserialization.
/// </remarks>
public sealed record ClusterReport
{
    /// <summary>The service the cluster serves; clients locate by it.</summary>
    public string? Service { get; init; }

    /// <summary>Identifies one run of the controller; a new incarnation replaces the old state.</summary>
    public string? Incarnation { get; init; }

    /// <summary>Increases with every report of one incarnation; an older report is refused.</summary>
    public long? Seq { get; init; }

    /// <summary>Where clients connect, one endpoint per protocol, in the controller's order of preference.</summary>
    public IReadOnlyList<ClusterEndpoint>? Endpoints { get; init; }

    /// <summary>The cluster's zone, if any; clients of the same zone prefer it.</summary>
    public string? Zone { get; init; }

    /// <summary><c>active</c> or <c>draining</c>. Defaults to <c>active</c>.</summary>
    public string? State { get; init; }

    /// <summary>The cluster's current load, from which the locator computes its health.</summary>
    public ClusterLoad? Load { get; init; }

    /// <summary>An explicit health in [0,1] that overrides the locator's formula.</summary>
    public double? Health { get; init; }

    /// <summary>
    /// The name of the credential that wrote the report, set by the locator when it accepts it (and
    /// kept with it in a shared store, so every locator knows the owner); what a controller sends is
    /// replaced. Absent on a locator without credentials.
    /// </summary>
    public string? Owner { get; init; }
}
