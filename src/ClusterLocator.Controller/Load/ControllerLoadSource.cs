using ClusterLocator.Controller.Members;
using ClusterLocator.Protocol;

namespace ClusterLocator.Controller.Load;

/// <summary>The controller's own load: live sessions, configured capacity, host usage, member health.</summary>
internal sealed class ControllerLoadSource(ControllerOptions options, SessionGate gate, MemberSet members, HostUsage usage) : IClusterLoadSource
{
    public ClusterLoad GetLoad() => new()
    {
        Sessions = gate.Live,
        Capacity = options.Capacity,
        Cpu = options.ReportHostUsage ? Math.Round(usage.Cpu(), 3) : null,
        Memory = options.ReportHostUsage ? Math.Round(HostUsage.Memory(), 3) : null,
        HealthyMembers = members.HealthyCount,
        Members = members.Count,
    };
}
