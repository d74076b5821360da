namespace ClusterLocator.Protocol;

/// <summary>The load of a cluster as its controller measures it.</summary>
public sealed record ClusterLoad
{
    /// <summary>Live client sessions.</summary>
    public int? Sessions { get; init; }

    /// <summary>How many sessions the cluster is sized for; must be positive.</summary>
    public int? Capacity { get; init; }

    /// <summary>CPU utilization of the cluster in [0,1]. Defaults to 0.</summary>
    public double? Cpu { get; init; }

    /// <summary>Memory utilization of the cluster in [0,1]. Defaults to 0.</summary>
    public double? Memory { get; init; }

    /// <summary>Members that pass their health probe.</summary>
    public int? HealthyMembers { get; init; }

    /// <summary>Members configured; when absent the cluster counts as fully available.</summary>
    public int? Members { get; init; }
}
