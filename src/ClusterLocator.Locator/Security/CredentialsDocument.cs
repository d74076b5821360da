namespace ClusterLocator.Locator.Security;

/// <summary>The credentials file as written: <c>{ "credentials": [ … ] }</c>.</summary>
internal sealed record CredentialsDocument
{
    public IReadOnlyList<CredentialEntry>? Credentials { get; init; }
}
