using Microsoft.Extensions.Primitives;

namespace ClusterLocator.ServiceDiscovery;

/// <summary>
/// Says a placement is used up: its lifetime passed, or the cluster turned a request away. Passive
/// (no callbacks): service discovery then re-places lazily, when the next request finds the token
/// changed, rather than asking the locator on a timer while nobody sends anything.
/// </summary>
internal sealed class PlacementChangeToken(TimeProvider time, DateTimeOffset expires) : IChangeToken
{
    private volatile bool _turnedAway;

    public DateTimeOffset Expires => expires;

    public bool HasChanged => _turnedAway || time.GetUtcNow() >= expires;

    public bool ActiveChangeCallbacks => false;

    public void TurnAway() => _turnedAway = true;

    // Never called back (ActiveChangeCallbacks is false): an empty registration.
    public IDisposable RegisterChangeCallback(Action<object?> callback, object? state) => default(CancellationTokenRegistration);
}
