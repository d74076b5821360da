using System.Threading.RateLimiting;

namespace ClusterLocator.Locator.Fairness;

/// <summary>
/// At most <see cref="LocatorOptions.ClientRate"/> locates a second per client: a fixed window of one
/// second per <see cref="ClientKey"/>, from System.Threading.RateLimiting. Applied by the locate
/// endpoint itself rather than by the rate-limiting middleware, so it holds wherever the endpoints
/// are mapped: an application hosting the locator need not call <c>UseRateLimiter</c>, in the right
/// place, for the limit to exist, and it limits <c>/v1/locate</c> only.
/// </summary>
internal sealed class LocateRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<ClientKey>? _limiter;

    public LocateRateLimiter(LocatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Rate = options.ClientRate;
        if (Rate == 0)
        {
            return;
        }

        // One window per client; the framework drops a client's window once it has been idle a while.
        var window = new FixedWindowRateLimiterOptions { PermitLimit = Rate, Window = TimeSpan.FromSeconds(1), QueueLimit = 0 };
        Func<ClientKey, FixedWindowRateLimiterOptions> factory = _ => window;
        _limiter = PartitionedRateLimiter.Create<ClientKey, ClientKey>(client => RateLimitPartition.GetFixedWindowLimiter(client, factory));
    }

    /// <summary>The locates a second allowed per client; 0 when there is no limit.</summary>
    public int Rate { get; }

    /// <summary>Why <paramref name="client"/> is refused, and when to ask again: the one text of every transport.</summary>
    public string RefusalDetail(ClientKey client, TimeSpan retryAfter) =>
        $"This locator answers at most {Rate} locates a second from one client (--client-rate, LocatorOptions.ClientRate), and {client} has asked more this second. Retry in {Math.Max(1, retryAfter.TotalSeconds):0.#}s; a client should reuse a placement for its ttlMs rather than locate before every connection.";

    /// <summary>Whether <paramref name="client"/> may locate now; if not, how long until it may.</summary>
    public bool TryAcquire(ClientKey client, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_limiter is null)
        {
            return true;
        }

        using var lease = _limiter.AttemptAcquire(client);
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        return false;
    }

    public void Dispose() => _limiter?.Dispose();
}
