namespace ClusterLocator.Client;

/// <summary>What a session asks of the cluster it is placed on, beyond its service.</summary>
public sealed record LocateOptions
{
    /// <summary>The options that ask for nothing in particular.</summary>
    public static LocateOptions None { get; } = new();

    /// <summary><c>tcp</c>, <c>http</c>, or null for the cluster's preferred protocol.</summary>
    public string? Protocol { get; init; }

    /// <summary>The client's zone: clusters in it are preferred while one is eligible.</summary>
    public string? Zone { get; init; }

    /// <summary>An affinity key: the same key lands on the same cluster while it stays eligible.</summary>
    public string? Key { get; init; }

    /// <summary>Clusters not to choose.</summary>
    public IReadOnlyCollection<string> Exclude { get; init; } = [];
}
