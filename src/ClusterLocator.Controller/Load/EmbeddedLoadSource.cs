using ClusterLocator.Protocol;

namespace ClusterLocator.Controller.Load;

/// <summary>An application that registers itself: one member, itself, whose sessions are its requests in flight.</summary>
internal sealed class EmbeddedLoadSource(ControllerOptions options, SessionGate gate, HostUsage usage) : IClusterLoadSource
{
    public ClusterLoad GetLoad() => new()
    {
        Sessions = gate.Live,
        Capacity = options.Capacity,
        Cpu = usage.Cpu(),
        Memory = usage.Memory(),
    };
}
