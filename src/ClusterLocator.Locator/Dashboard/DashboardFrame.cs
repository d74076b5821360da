namespace ClusterLocator.Locator.Dashboard;

/// <summary>
/// What a stream sends after each sample. A full frame (the first, and whenever the page's clusters
/// change) holds the 15 minutes of history kept; the next hold the samples taken since the last frame.
/// </summary>
internal sealed record DashboardFrame
{
    /// <summary>True for a frame that replaces everything the page shows, with the whole history kept.</summary>
    public required bool Full { get; init; }

    public required FleetHeader Header { get; init; }

    /// <summary>The services to filter by, sent when they changed (and in a full frame); null otherwise.</summary>
    public IReadOnlyList<ServiceSummary>? Services { get; init; }

    public required PageInfo Page { get; init; }

    public required IReadOnlyList<ClusterRow> Rows { get; init; }

    /// <summary>When the samples in <see cref="Fleet"/> and <see cref="Series"/> were taken, in Unix ms, oldest first.</summary>
    public required long[] Times { get; init; }

    /// <summary>The fleet's placements in each second of <see cref="Times"/>.</summary>
    public required long[] Fleet { get; init; }

    /// <summary>By cluster id, the page's clusters' samples at <see cref="Times"/>.</summary>
    public required IReadOnlyDictionary<string, ClusterPoints> Series { get; init; }

    /// <summary>Events since the last frame, oldest first.</summary>
    public required IReadOnlyList<DashboardEvent> Events { get; init; }
}
