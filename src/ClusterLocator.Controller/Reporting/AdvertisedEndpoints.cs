using ClusterLocator.Protocol;

namespace ClusterLocator.Controller.Reporting;

/// <summary>The front doors' addresses as reported to the locators, known once the listeners are bound.</summary>
internal sealed class AdvertisedEndpoints
{
    private readonly TaskCompletionSource<IReadOnlyList<ClusterEndpoint>> _available = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<IReadOnlyList<ClusterEndpoint>> WhenAvailable => _available.Task;

    public IReadOnlyList<ClusterEndpoint> Current => _available.Task.IsCompletedSuccessfully ? _available.Task.Result : [];

    public void Publish(IReadOnlyList<ClusterEndpoint> endpoints) => _available.TrySetResult(endpoints);
}
