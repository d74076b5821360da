namespace ClusterLocator.Client;

/// <summary>A cluster a session was placed on but could not be opened with, and why.</summary>
/// <param name="ClusterId">The cluster.</param>
/// <param name="Address">The controller address that was tried.</param>
/// <param name="Reason">What went wrong, for a person to read.</param>
public sealed record ConnectFailure(string ClusterId, string Address, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{ClusterId} at {Address}: {Reason}";
}
