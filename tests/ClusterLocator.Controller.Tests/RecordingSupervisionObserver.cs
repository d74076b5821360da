using ClusterLocator.Protocol.Supervision;

namespace ClusterLocator.Controller.Tests;

/// <summary>Keeps the faults and restarts a <see cref="TaskSupervisor"/> reports.</summary>
internal sealed class RecordingSupervisionObserver : ISupervisionObserver
{
    private readonly List<(string Task, Exception Exception)> _faults = [];
    private int _restarts;

    public IReadOnlyList<(string Task, Exception Exception)> Faults
    {
        get
        {
            lock (_faults)
            {
                return [.. _faults];
            }
        }
    }

    public int Restarts => Volatile.Read(ref _restarts);

    public void Faulted(string task, Exception exception, TimeSpan restartIn)
    {
        lock (_faults)
        {
            _faults.Add((task, exception));
        }
    }

    public void Restarted(string task) => Interlocked.Increment(ref _restarts);
}
