namespace ClusterLocator.Locator.Security;

/// <summary>One credential as written in the credentials file.</summary>
internal sealed record CredentialEntry
{
    /// <summary>How logs and problems name it; never the secret.</summary>
    public string? Name { get; init; }

    /// <summary>The hex SHA-256 digest of the bearer token (<c>printf %s "$TOKEN" | sha256sum</c>).</summary>
    public string? TokenSha256 { get; init; }

    /// <summary>The subject of a client certificate that authenticates as this credential.</summary>
    public string? CertificateSubject { get; init; }

    /// <summary>Globs of the services it may write; absent means every service.</summary>
    public IReadOnlyList<string>? Services { get; init; }

    /// <summary>Globs of the cluster ids it may write; absent means every cluster.</summary>
    public IReadOnlyList<string>? Clusters { get; init; }
}
