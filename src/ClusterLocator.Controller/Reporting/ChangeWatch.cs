using ClusterLocator.Controller.Members;

namespace ClusterLocator.Controller.Reporting;

/// <summary>
/// Reads the counters a change-triggered report watches, without building a whole load (no host
/// usage read from <c>/proc</c>): the session gate's live count and, for a standalone controller,
/// its healthy members.
/// </summary>
internal sealed class ChangeWatch(SessionGate gate, MemberSet? members)
{
    public LoadMark Read() => new(gate.Live, members?.HealthyCount ?? 0);
}
