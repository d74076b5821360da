namespace ClusterLocator.Locator.Simulation;

/// <summary>When the simulated clusters send their reports.</summary>
internal enum ReportPhase
{
    /// <summary>All at the same instants, every interval: the bulletin-board model.</summary>
    Sync,

    /// <summary>Each at its own random phase within the interval, as real controllers do.</summary>
    Spread,
}
