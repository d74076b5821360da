namespace ClusterLocator.Fuzz.Generation;

/// <summary>The kind of <see cref="ModelEffect"/>.</summary>
internal enum ModelEffectKind
{
    /// <summary>The request may not change the registry: any 200/204 to it is a finding.</summary>
    None,

    /// <summary>A <c>PUT /v1/clusters/{id}</c>: on 200 the cluster is listed.</summary>
    Report,

    /// <summary>A <c>DELETE /v1/clusters/{id}?incarnation=</c>: on 204 the cluster is gone.</summary>
    Delete,
}
