namespace ClusterLocator.Protocol;

/// <summary>The locator's answer to an accepted report.</summary>
/// <param name="Health">The health the locator computed from the report, in [0,1].</param>
/// <param name="LeaseMs">How long the report keeps the cluster alive.</param>
/// <param name="ReportIntervalMs">How often the locator wants reports.</param>
public sealed record ReportAccepted(double Health, long LeaseMs, long ReportIntervalMs);
