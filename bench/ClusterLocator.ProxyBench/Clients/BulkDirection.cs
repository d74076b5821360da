namespace ClusterLocator.ProxyBench.Clients;

/// <summary>Which way a bulk transfer goes.</summary>
internal enum BulkDirection
{
    /// <summary>Client to member (the member is a sink).</summary>
    Up,

    /// <summary>Member to client (the member is a source).</summary>
    Down,
}
