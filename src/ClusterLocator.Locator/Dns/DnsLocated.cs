using ClusterLocator.Locator.Placement;

namespace ClusterLocator.Locator.Dns;

/// <summary>
/// What <see cref="DnsResponder.Answer(ARSoft.Tools.Net.Dns.DnsMessage, System.Net.IPEndPoint, DnsDecision?, out DnsLocated)"/>
/// did with a query: whether it was a locate (its name, for answering the same question again), and
/// the placement the answer carries and counted (default when none).
/// </summary>
internal readonly record struct DnsLocated(bool IsLocate, DnsQueryName Name, PlacementResult Placed);
