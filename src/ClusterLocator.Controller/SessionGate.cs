using System.Collections.Concurrent;
using System.Net;

namespace ClusterLocator.Controller;

/// <summary>
/// Counts live sessions and decides whether a new one may start: not beyond the maximum, not beyond
/// a client's share of it, and not while draining. A refused session is closed at once so the client
/// goes back to the locator.
/// </summary>
/// <param name="maxSessions">The most live sessions.</param>
/// <param name="maxSessionsPerClient">The most live sessions one client address may hold; 0 for no such limit.</param>
internal sealed class SessionGate(int maxSessions, int maxSessionsPerClient = 0) : IDisposable
{
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _drainStarted = new();

    // Only clients with a live session have an entry: the map is as large as the live sessions at most.
    private readonly ConcurrentDictionary<IPAddress, int> _perClient = new();
    private readonly long[] _refusals = new long[Enum.GetValues<Admission>().Length];
    private int _live;
    private volatile bool _draining;

    // Completed and cleared by the next change of the live count, when anyone waits for it.
    private TaskCompletionSource? _changed;

    public int Live => Volatile.Read(ref _live);

    public bool IsDraining => _draining;

    /// <summary>
    /// Completes at the next change of <see cref="Live"/>: a session opened or closed. A session costs
    /// this one read of a field unless someone waits.
    /// </summary>
    public Task NextChange()
    {
        var changed = Volatile.Read(ref _changed);
        if (changed is null)
        {
            var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed = Interlocked.CompareExchange(ref _changed, fresh, null) ?? fresh;
        }

        return changed.Task;
    }

    /// <summary>Canceled when draining starts, so open sessions can be asked to end.</summary>
    public CancellationToken DrainStarted => _drainStarted.Token;

    /// <summary>Admits a session that no client address is known for (no per-client share); end it with <see cref="Exit()"/>.</summary>
    public bool TryEnter() => TryEnter(null) == Admission.Admitted;

    /// <summary>Admits a session from <paramref name="client"/>, within the cluster's maximum and the client's share.</summary>
    public Admission TryEnter(IPAddress? client) => Counted(Admit(client));

    /// <summary>How many sessions were refused for <paramref name="reason"/> since start.</summary>
    public long Refusals(Admission reason) => Interlocked.Read(ref _refusals[(int)reason]);

    private Admission Counted(Admission admission)
    {
        if (admission != Admission.Admitted)
        {
            Interlocked.Increment(ref _refusals[(int)admission]);
        }

        return admission;
    }

    private Admission Admit(IPAddress? client)
    {
        if (_draining)
        {
            return Admission.Draining;
        }

        client = Tracked(client);
        if (client is not null && !TryEnterClient(client))
        {
            return Admission.ClientLimit;
        }

        if (Interlocked.Increment(ref _live) > maxSessions)
        {
            Exit(client);
            return Admission.Full;
        }

        Changed();
        return Admission.Admitted;
    }

    /// <summary>Ends a session admitted by <see cref="TryEnter()"/>.</summary>
    public void Exit() => Exit(null);

    /// <summary>Ends a session admitted by <see cref="TryEnter(IPAddress?)"/> for the same client.</summary>
    public void Exit(IPAddress? client)
    {
        client = Tracked(client);
        if (client is not null)
        {
            ExitClient(client);
        }

        if (Interlocked.Decrement(ref _live) == 0 && _draining)
        {
            _idle.TrySetResult();
        }

        Changed();
    }

    /// <summary>Stops taking sessions; the returned task completes when the last live one ends.</summary>
    public Task DrainAsync()
    {
        _draining = true;
        _drainStarted.Cancel();
        if (Live == 0)
        {
            _idle.TrySetResult();
        }

        return _idle.Task;
    }

    public void Dispose() => _drainStarted.Dispose();

    private void Changed()
    {
        if (Volatile.Read(ref _changed) is not null)
        {
            Interlocked.Exchange(ref _changed, null)?.TrySetResult();
        }
    }

    /// <summary>
    /// The client the per-client share counts, or null when there is no share (nothing to look up on
    /// every request); the same client whether it came over IPv4 or as an IPv4-mapped IPv6 address.
    /// </summary>
    private IPAddress? Tracked(IPAddress? client) =>
        maxSessionsPerClient <= 0 ? null : client is { IsIPv4MappedToIPv6: true } ? client.MapToIPv4() : client;

    private bool TryEnterClient(IPAddress client)
    {
        while (true)
        {
            if (_perClient.TryGetValue(client, out var held))
            {
                if (held >= maxSessionsPerClient)
                {
                    return false;
                }

                if (_perClient.TryUpdate(client, held + 1, held))
                {
                    return true;
                }
            }
            else if (_perClient.TryAdd(client, 1))
            {
                return true;
            }
        }
    }

    private void ExitClient(IPAddress client)
    {
        while (_perClient.TryGetValue(client, out var held))
        {
            if (held <= 1
                ? _perClient.TryRemove(new KeyValuePair<IPAddress, int>(client, held))
                : _perClient.TryUpdate(client, held - 1, held))
            {
                return;
            }
        }
    }
}
