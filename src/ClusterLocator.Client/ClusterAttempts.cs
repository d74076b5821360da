using ClusterLocator.Protocol;

namespace ClusterLocator.Client;

/// <summary>
/// The clusters one session or request tries. A cluster that fails is recorded, its cached
/// placements are dropped and the next placement is asked for with it excluded, until
/// <c>MaxAttempts</c> clusters have failed or the request cannot exclude one more. With
/// <paramref name="requireHttps"/>, only <c>https</c> placements are taken.
/// </summary>
internal sealed class ClusterAttempts(LocatorClient client, LocateRequest request, int maxAttempts, bool requireHttps = false)
{
    private LocateRequest _request = request;
    private List<ConnectFailure>? _failures;

    /// <summary>Every cluster that failed so far, in order.</summary>
    public IReadOnlyList<ConnectFailure> Failures => _failures ?? (IReadOnlyList<ConnectFailure>)[];

    /// <summary>Where to try next: the locators' placement, excluding every cluster that failed.</summary>
    /// <exception cref="NoEligibleClusterException">No cluster is (or is left) eligible; it lists <see cref="Failures"/>.</exception>
    /// <exception cref="LocatorUnavailableException">No locator answered.</exception>
    /// <exception cref="LocatorAccessDeniedException">A locator requires another identity.</exception>
    /// <exception cref="ArgumentException">A locator rejected the request.</exception>
    public Task<LocateResponse> NextAsync(CancellationToken cancellationToken) =>
        client.PlaceAsync(_request, Failures, requireHttps, cancellationToken);

    /// <summary>Records that <paramref name="placement"/> failed for <paramref name="reason"/>.</summary>
    /// <returns>Whether another cluster may be tried; when not, throw <see cref="GiveUp"/>'s exception or return the last answer.</returns>
    public bool Fail(LocateResponse placement, string reason)
    {
        (_failures ??= []).Add(new ConnectFailure(placement.ClusterId, placement.Address, reason));
        client.Forget(placement.ClusterId);

        // A full exclude list could not keep the locator from choosing the failed cluster again.
        var again = _failures.Count < maxAttempts && _request.Exclude.Count < LocateRequest.MaxExcluded;
        client.Telemetry.ConnectFailed(_request.Service, placement, reason, relocating: again);
        if (!again)
        {
            return false;
        }

        if (!_request.Exclude.Contains(placement.ClusterId, StringComparer.Ordinal))
        {
            _request = _request with { Exclude = [.. _request.Exclude, placement.ClusterId] };
        }

        return true;
    }

    /// <summary>The exception for a session or request whose every attempt failed, listing each.</summary>
    public ClusterConnectException GiveUp() => new(_request.Service, [.. Failures]);
}
