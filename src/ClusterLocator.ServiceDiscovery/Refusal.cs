namespace ClusterLocator.ServiceDiscovery;

/// <summary>A cluster that turned a service's request away, excluded until <see cref="Until"/> and at least once.</summary>
internal sealed class Refusal(DateTimeOffset until)
{
    public DateTimeOffset Until { get; } = until;

    /// <summary>Whether a placement has excluded it yet.</summary>
    public bool Excluded { get; set; }
}
