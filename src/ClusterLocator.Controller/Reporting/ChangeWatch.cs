using ClusterLocator.Controller.Load;
using ClusterLocator.Controller.Members;

namespace ClusterLocator.Controller.Reporting;

/// <summary>
/// Reads what a change-triggered report watches. With the controller's own load sources that is two
/// counters, the session gate's live count and, for a standalone controller, its healthy members,
/// without building a whole load (no host usage read from <c>/proc</c>). An application's own
/// <see cref="IClusterLoadSource"/> is asked instead, since only it knows its sessions.
/// </summary>
internal sealed class ChangeWatch(SessionGate gate, MemberSet? members, IClusterLoadSource? load = null)
{
    private readonly IClusterLoadSource? _custom = load is null or ControllerLoadSource or EmbeddedLoadSource ? null : load;

    public LoadMark Read()
    {
        if (_custom is null)
        {
            return new(gate.Live, members?.HealthyCount ?? 0);
        }

        var reported = _custom.GetLoad();
        return new(reported.Sessions ?? 0, reported.HealthyMembers ?? 0);
    }
}
