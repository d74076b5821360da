namespace ClusterLocator.Protocol;

/// <summary>One address at which a cluster's controller accepts sessions.</summary>
/// <param name="Protocol"><c>tcp</c> or <c>http</c>.</param>
/// <param name="Address"><c>host:port</c> for TCP, an absolute <c>http(s)://</c> URL for HTTP.</param>
public sealed record ClusterEndpoint(string? Protocol, string? Address);
