using ClusterLocator.Protocol;

namespace ClusterLocator.Testing;

/// <summary>Builds valid reports for tests; each argument changes one thing.</summary>
public static class Reports
{
    public static ClusterReport Create(
        string service = "erp",
        int sessions = 0,
        int capacity = 1000,
        double? cpu = null,
        double? memory = null,
        int? healthyMembers = null,
        int? members = null,
        string state = ClusterStates.Active,
        string? zone = null,
        long seq = 1,
        string incarnation = "inc-1",
        double? health = null,
        string? tcp = "127.0.0.1:9001",
        string? http = null)
    {
        var endpoints = new List<ClusterEndpoint>();
        if (tcp is not null)
        {
            endpoints.Add(new ClusterEndpoint(Protocols.Tcp, tcp));
        }

        if (http is not null)
        {
            endpoints.Add(new ClusterEndpoint(Protocols.Http, http));
        }

        return new ClusterReport
        {
            Service = service,
            Incarnation = incarnation,
            Seq = seq,
            Endpoints = endpoints,
            Zone = zone,
            State = state,
            Health = health,
            Load = new ClusterLoad
            {
                Sessions = sessions,
                Capacity = capacity,
                Cpu = cpu,
                Memory = memory,
                HealthyMembers = healthyMembers,
                Members = members,
            },
        };
    }
}
