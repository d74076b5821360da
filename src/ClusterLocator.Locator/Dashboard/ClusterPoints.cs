namespace ClusterLocator.Locator.Dashboard;

/// <summary>
/// A cluster's samples at the frame's <see cref="DashboardFrame.Times"/>: health and utilization in
/// steps of 1/<see cref="ClusterSeries.Steps"/> (null where it had no sample, or was expired),
/// placements in the second (null where it had no sample).
/// </summary>
internal sealed record ClusterPoints(int?[] Health, int?[] Utilization, int?[] Placements);
