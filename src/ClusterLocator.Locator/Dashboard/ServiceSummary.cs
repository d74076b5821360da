namespace ClusterLocator.Locator.Dashboard;

/// <summary>One service in the page's filter: its name and how many of its clusters a locate may choose.</summary>
internal sealed record ServiceSummary(string Name, int Clusters, int Eligible);
