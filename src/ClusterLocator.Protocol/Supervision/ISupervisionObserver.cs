namespace ClusterLocator.Protocol.Supervision;

/// <summary>
/// Told by <see cref="TaskSupervisor"/> when a supervised task fails and when it runs again: each
/// host logs it, counts it and decides what a task that is down means (the locator is not ready).
/// </summary>
internal interface ISupervisionObserver
{
    /// <summary><paramref name="task"/> threw <paramref name="exception"/>; it is down and runs again in <paramref name="restartIn"/>.</summary>
    void Faulted(string task, Exception exception, TimeSpan restartIn);

    /// <summary><paramref name="task"/> runs again after a fault.</summary>
    void Restarted(string task);
}
