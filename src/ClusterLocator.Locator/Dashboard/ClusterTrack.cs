using ClusterLocator.Locator.Registry;

namespace ClusterLocator.Locator.Dashboard;

/// <summary>What the sampler remembers of one cluster between samples: its series and the state it last saw.</summary>
internal sealed class ClusterTrack(string service, long first, Eligibility state)
{
    public ClusterSeries Series { get; } = new(first);

    public string Service { get; set; } = service;

    public Eligibility State { get; set; } = state;

    /// <summary>The sessions placed in the latest sample's second.</summary>
    public long PlacementsPerSecond { get; set; }

    /// <summary>The number of the latest sample that saw the cluster in the registry.</summary>
    public long Seen { get; set; } = first;
}
