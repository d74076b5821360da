using ClusterLocator.Controller.Members;
using ClusterLocator.Protocol;

namespace ClusterLocator.Controller.Load;

/// <summary>The controller's own load: live sessions, configured capacity, CPU and memory use (<see cref="HostUsage"/>), member health.</summary>
internal sealed class ControllerLoadSource(ControllerOptions options, SessionGate gate, MemberSet members, HostUsage usage) : IClusterLoadSource
{
    public ClusterLoad GetLoad() => new()
    {
        Sessions = gate.Live,
        Capacity = options.Capacity,
        Cpu = usage.Cpu(),
        Memory = usage.Memory(),
        HealthyMembers = members.HealthyCount,
        Members = members.Count,
    };
}
