namespace ClusterLocator.Cli.Demo.Workload;

/// <summary>
/// Sits under the SDK's HTTP client and times each locate, from the request to the answer's headers:
/// the latency a client pays to be told where to go, without the connect that follows.
/// </summary>
internal sealed class LocateTimingHandler(LatencyRecorder latency, TimeProvider time) : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var response = await base.SendAsync(request, cancellationToken);
        if (request.RequestUri?.AbsolutePath.EndsWith("/v1/locate", StringComparison.Ordinal) == true)
        {
            latency.Add(time.GetElapsedTime(started));
        }

        return response;
    }
}
