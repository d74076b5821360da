namespace ClusterLocator.Locator.Simulation;

/// <summary>A cluster of the sessions model: its name and the sessions it can hold at once.</summary>
/// <param name="Id">The cluster's name, as tables show it.</param>
/// <param name="Capacity">Sessions it holds at once; one more is refused.</param>
internal sealed record SimulatedCluster(string Id, int Capacity);
