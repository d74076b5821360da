using System.Net;
using ClusterLocator.Protocol;
using ClusterLocator.Protocol.Validation;

namespace ClusterLocator.Client;

/// <summary>
/// Lets an <see cref="HttpClient"/> talk to a service rather than a server: each request goes to
/// the HTTP front door of the cluster a locator chooses (the request's own scheme and host are a
/// placeholder, such as <c>http://erp/</c>; its path and query are kept). A controller that cannot
/// be reached is excluded and the request placed again, whatever its method, since it was never
/// sent. An answer carrying <c>ClusterLocator-Relocate</c> (a <c>503</c>: full or draining; a <c>502</c>:
/// its member failed during the forward) is retried elsewhere for idempotent methods; other methods
/// get that answer, and the next request is placed afresh.
/// An <c>https</c> request is only sent to an <c>https</c> front door, never on as <c>http</c>.
/// </summary>
public sealed class ClusterLocatorHttpHandler : DelegatingHandler
{
    private readonly LocatorClient _client;
    private readonly LocateRequest _request;
    private readonly int _maxAttempts;

    /// <summary>Creates the handler; set <see cref="DelegatingHandler.InnerHandler"/> unless a factory does.</summary>
    /// <param name="client">The locators to ask.</param>
    /// <param name="service">The service every request of this client goes to.</param>
    /// <param name="options">Zone, key or exclusions for every request; the protocol is always HTTP.</param>
    /// <param name="maxAttempts">How many clusters one request tries; defaults to 3.</param>
    /// <exception cref="ArgumentException">The service or an option is invalid.</exception>
    public ClusterLocatorHttpHandler(LocatorClient client, string service, LocateOptions? options = null, int maxAttempts = 3)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _client = client;
        _request = LocatorClient.ToRequest(service, (options ?? LocateOptions.None) with { Protocol = Protocols.Http });
        _maxAttempts = maxAttempts;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var original = request.RequestUri is { IsAbsoluteUri: true } uri
            ? uri
            : throw new InvalidOperationException("The request has no absolute URI: give the HttpClient a placeholder BaseAddress such as http://erp/ and use relative paths.");
        // An https request is only ever sent on as https: the placement must be an https front door.
        var attempts = new ClusterAttempts(_client, _request, _maxAttempts, requireHttps: original.Scheme == Uri.UriSchemeHttps);
        while (true)
        {
            var placement = await NextAsync(attempts, cancellationToken).ConfigureAwait(false);
            request.RequestUri = Rebase(placement, original);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
            {
                if (!attempts.Fail(placement, ex.Message))
                {
                    throw new HttpRequestException(HttpRequestError.ConnectionError, attempts.GiveUp().Message, ex);
                }

                continue;
            }

            if (!response.Headers.Contains(WireHeaders.Relocate))
            {
                return response;
            }

            // The cluster received the request: only one that may be applied twice is sent again.
            var reason = response.StatusCode == HttpStatusCode.BadGateway
                ? "502 with ClusterLocator-Relocate: its member failed during the forward"
                : $"{(int)response.StatusCode} with ClusterLocator-Relocate: full or draining";
            if (!attempts.Fail(placement, reason) || !IsIdempotent(request.Method))
            {
                return response;
            }

            response.Dispose();
        }
    }

    private static async Task<LocateResponse> NextAsync(ClusterAttempts attempts, CancellationToken cancellationToken)
    {
        try
        {
            return await attempts.NextAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NoEligibleClusterException or LocatorUnavailableException or LocatorAccessDeniedException)
        {
            // Callers of HttpClient handle HttpRequestException; the cause stays inside.
            throw new HttpRequestException(HttpRequestError.ConnectionError, ex.Message, ex);
        }
    }

    /// <summary>The placement's scheme, host and port with the request's path and query; the placement passed <see cref="PlacementChecks"/>.</summary>
    private static Uri Rebase(LocateResponse placement, Uri original)
    {
        if (!EndpointAddress.TryParseHttp(placement.Address, out var root))
        {
            throw new InvalidOperationException("Only a placement that passed the PlacementChecks is sent to.");
        }

        var prefix = root!.AbsolutePath.TrimEnd('/');
        return new UriBuilder(root.Scheme, root.Host, root.Port, prefix + original.AbsolutePath) { Query = original.Query.TrimStart('?') }.Uri;
    }

    private static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options
        || method == HttpMethod.Trace || method == HttpMethod.Put || method == HttpMethod.Delete;
}
