namespace ClusterLocator.Cli.Demo;

/// <summary>One cluster of the demo: its id at the locator and the sessions it is sized for.</summary>
internal sealed record DemoClusterSpec(string Id, int Capacity);
