namespace ClusterLocator.Integration.Tests.EndToEnd;

/// <summary>An open session that ended under the client: the connection was reset or closed while in use.</summary>
internal sealed record SessionCut(string ClusterId, TimeSpan At, string Reason);
