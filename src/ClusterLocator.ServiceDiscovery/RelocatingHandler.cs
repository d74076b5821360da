using System.Net;
using ClusterLocator.Client;
using ClusterLocator.Protocol;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.ServiceDiscovery;

/// <summary>
/// The SDK's relocation behind service discovery. It sits innermost, so it sees the request after
/// service discovery rewrote it to a front door; a request to a front door no placement sends to
/// passes untouched. When the controller cannot be reached (any method) or answers with
/// <c>ClusterLocator-Relocate</c> (idempotent methods), the placement is retired and the request is
/// handed to a <see cref="ClusterLocatorHttpHandler"/> with that cluster excluded, which places it
/// afresh and applies the SDK's rules to the next attempts. A <c>POST</c> turned away gets the
/// answer back; its placement is retired all the same, so the next request goes elsewhere. The
/// locator client is asked for only when a request is relocated.
/// </summary>
internal sealed partial class RelocatingHandler(Func<LocatorClient> client, PlacementBoard board, int maxAttempts, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is not { } uri || board.Find(uri) is not { } placed)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            // Nothing was sent: any method may go elsewhere.
            return await RelocateAsync(request, uri, placed, ex.Message, cancellationToken).ConfigureAwait(false);
        }

        if (!response.Headers.Contains(WireHeaders.Relocate))
        {
            return response;
        }

        var reason = $"{(int)response.StatusCode} with {WireHeaders.Relocate}";
        if (!IsIdempotent(request.Method) || maxAttempts < 2)
        {
            Retire(placed, reason);
            return response;
        }

        response.Dispose();
        return await RelocateAsync(request, uri, placed, reason, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> RelocateAsync(HttpRequestMessage request, Uri sent, Placed placed, string reason, CancellationToken cancellationToken)
    {
        Retire(placed, reason);
        if (maxAttempts < 2)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"Cluster '{placed.Placement.ClusterId}' of {placed.Service} failed ({reason}) and no other cluster is tried (MaxAttempts is 1).");
        }

        // The SDK's handler rebases a placeholder URI onto each placement, under its path prefix:
        // give it the request's own path, without the prefix of the front door it was sent to.
        var prefix = new Uri(placed.Placement.Address).AbsolutePath.TrimEnd('/');
        var path = sent.AbsolutePath.StartsWith(prefix, StringComparison.Ordinal) ? sent.AbsolutePath[prefix.Length..] : sent.AbsolutePath;
        request.RequestUri = new UriBuilder(sent.Scheme, placed.Service) { Path = path, Query = sent.Query.TrimStart('?') }.Uri;
        var sdk = new ClusterLocatorHttpHandler(client(), placed.Service, placed.Options with { Exclude = [.. placed.Options.Exclude, placed.Placement.ClusterId] }, maxAttempts - 1)
        {
            InnerHandler = InnerHandler ?? throw new InvalidOperationException("The handler has no inner handler."),
        };

        // Not disposed: disposing it would dispose the shared inner handler.
        using var invoker = new HttpMessageInvoker(sdk, disposeHandler: false);
        return await invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private void Retire(Placed placed, string reason)
    {
        board.TurnedAway(placed);
        Log.TurnedAway(logger, placed.Service, placed.Placement.ClusterId, placed.Placement.Address, reason);
    }

    private static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options
        || method == HttpMethod.Trace || method == HttpMethod.Put || method == HttpMethod.Delete;
}
