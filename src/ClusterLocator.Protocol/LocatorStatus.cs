namespace ClusterLocator.Protocol;

/// <summary>The answer to <c>GET /v1/status</c>: the locator itself.</summary>
public sealed record LocatorStatus
{
    /// <summary>The locator's version.</summary>
    public required string Version { get; init; }

    /// <summary>The selection policy in force.</summary>
    public required string Policy { get; init; }

    /// <summary>The registry store: its kind and health.</summary>
    public required StoreStatus Store { get; init; }

    /// <summary>Whether the locator answers locates (false while warming up).</summary>
    public required bool Ready { get; init; }

    /// <summary>Milliseconds since the locator started.</summary>
    public required long UptimeMs { get; init; }

    /// <summary>The report interval the locator asks controllers for.</summary>
    public required long ReportIntervalMs { get; init; }

    /// <summary>How long a report keeps a cluster alive.</summary>
    public required long LeaseMs { get; init; }

    /// <summary>Known clusters.</summary>
    public required int Clusters { get; init; }

    /// <summary>Clusters that a locate may choose now.</summary>
    public required int EligibleClusters { get; init; }

    /// <summary>Distinct services among the known clusters.</summary>
    public required int Services { get; init; }

    /// <summary>
    /// How a network peer reaches the locator, one of <see cref="LocatorTransports"/>, judged from the
    /// addresses the server bound; absent from a locator older than this field, or when the server
    /// does not say where it listens.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Transport { get; init; }
}

/// <summary>The registry store as seen by the locator.</summary>
/// <param name="Kind"><c>memory</c> or <c>etcd</c>.</param>
/// <param name="Healthy">Whether the last access to the store succeeded.</param>
/// <param name="LastReachedMs">Milliseconds since the store was last reached (0 for the memory store).</param>
public sealed record StoreStatus(string Kind, bool Healthy, long LastReachedMs)
{
    /// <summary>Why the store is unhealthy, for a person; absent when healthy.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Problem { get; init; }
}
