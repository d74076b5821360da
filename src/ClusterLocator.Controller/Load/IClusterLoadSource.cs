using ClusterLocator.Protocol;

namespace ClusterLocator.Controller.Load;

/// <summary>
/// Where the reported load comes from. The controller supplies sessions, capacity, host CPU and
/// memory, and member health; an embedding application may register its own.
/// </summary>
public interface IClusterLoadSource
{
    /// <summary>
    /// The cluster's load now; called once per report, and with change-triggered reports
    /// (<see cref="ControllerOptions.ReportOnChange"/>) once per floor per locator as well, so keep it cheap.
    /// </summary>
    ClusterLoad GetLoad();
}
