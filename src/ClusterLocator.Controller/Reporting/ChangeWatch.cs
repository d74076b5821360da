using ClusterLocator.Controller.Load;
using ClusterLocator.Controller.Members;

namespace ClusterLocator.Controller.Reporting;

/// <summary>
/// Reads what a change-triggered report watches. With the controller's own load sources that is two
/// counters, the session gate's live count and, for a standalone controller, its healthy members,
/// without building a whole load (no host usage read from <c>/proc</c>). An application's own
/// <see cref="IClusterLoadSource"/> is asked instead, since only it knows its sessions. The gate also
/// signals each session opened or closed, so a change is reported the moment the floor allows.
/// </summary>
internal sealed class ChangeWatch(SessionGate gate, MemberSet? members, IClusterLoadSource? load = null)
{
    private readonly IClusterLoadSource? _custom = load is null or ControllerLoadSource or EmbeddedLoadSource ? null : load;

    // An application's own sessions give no signal: its load is looked at once per floor.
    private static readonly Task Never = new TaskCompletionSource().Task;

    /// <summary>Completes when the sessions may have moved: at once when the front doors open or close one.</summary>
    public Task NextChange() => _custom is null ? gate.NextChange() : Never;

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
