using ClusterLocator.Protocol.Validation;

namespace ClusterLocator.Controller.Members;

/// <summary>The cluster's members and the choice of one for a new session.</summary>
internal sealed class MemberSet
{
    private uint _rotation;

    public MemberSet(IEnumerable<string> addresses)
    {
        All = [.. addresses.Select(address => EndpointAddress.TryParseTcp(address, out var host, out var port)
            ? new Member(host.Trim('[', ']'), port)
            : throw new ArgumentException($"The member '{address}' is not HOST:PORT.", nameof(addresses)))];
    }

    public Member[] All { get; }

    public int HealthyCount => All.Count(m => m.IsHealthy);

    public int Count => All.Length;

    /// <summary>The healthy member with the fewest live sessions (ties rotate), or null; allocates nothing.</summary>
    public Member? Pick()
    {
        var all = All;
        var start = (int)(Interlocked.Increment(ref _rotation) % (uint)Math.Max(all.Length, 1));
        Member? best = null;
        for (var i = 0; i < all.Length; i++)
        {
            var member = all[(start + i) % all.Length];
            if (member.IsHealthy && (best is null || member.Sessions < best.Sessions))
            {
                best = member;
            }
        }

        return best;
    }

    /// <summary>
    /// The healthy members by fewest live sessions: the first is the one to use, the others are the
    /// fallbacks if it refuses. Ties rotate, so equal members share new sessions.
    /// </summary>
    public Member[] Candidates()
    {
        var healthy = All.Where(m => m.IsHealthy).ToArray();
        if (healthy.Length > 1)
        {
            var offset = (int)(Interlocked.Increment(ref _rotation) % (uint)healthy.Length);
            // OrderBy is stable, so the rotation decides among members with as many sessions.
            healthy = [.. healthy[offset..].Concat(healthy[..offset]).OrderBy(m => m.Sessions)];
        }

        return healthy;
    }
}
