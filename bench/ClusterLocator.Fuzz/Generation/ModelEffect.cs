namespace ClusterLocator.Fuzz.Generation;

/// <summary>
/// What a request does to the registry if the locator accepts it: a report registers or updates
/// <see cref="ClusterId"/> (on 200), a deregistration removes it (on 204). Service and incarnation
/// are null when a mutation of the body makes them unknowable in advance.
/// </summary>
internal sealed record ModelEffect(ModelEffectKind Kind, string? ClusterId, string? Service, string? Incarnation)
{
    public static readonly ModelEffect None = new(ModelEffectKind.None, null, null, null);

    public static ModelEffect Report(string clusterId, string? service, string? incarnation) =>
        new(ModelEffectKind.Report, clusterId, service, incarnation);

    public static ModelEffect Delete(string clusterId, string incarnation) =>
        new(ModelEffectKind.Delete, clusterId, null, incarnation);
}
