using ClusterLocator.Client;
using ClusterLocator.Protocol;

namespace ClusterLocator.ServiceDiscovery;

/// <summary>A placement service discovery is using: what it was asked for and how to retire it.</summary>
internal sealed record Placed(string Service, LocateOptions Options, LocateResponse Placement, PlacementChangeToken Token);
