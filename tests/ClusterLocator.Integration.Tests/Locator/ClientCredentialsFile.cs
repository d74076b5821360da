using ClusterLocator.Locator.Security;

namespace ClusterLocator.Integration.Tests.Locator;

/// <summary>A <c>--client-credentials</c> file in a temporary folder, removed on dispose.</summary>
internal sealed class ClientCredentialsFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("client-credentials-").FullName;

    public string Path => System.IO.Path.Combine(_directory, "clients.json");

    /// <summary>Writes one credential per (name, token, services), stamped <paramref name="written"/> so a rewrite is always seen.</summary>
    public void Write(DateTime written, params (string Name, string Token, string Services)[] credentials)
    {
        var entries = credentials.Select(c => $$"""{ "name": "{{c.Name}}", "tokenSha256": "{{CredentialSet.Digest(c.Token)}}", "services": ["{{c.Services}}"] }""");
        File.WriteAllText(Path, $$"""{ "credentials": [ {{string.Join(", ", entries)}} ] }""");
        File.SetLastWriteTimeUtc(Path, written);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
