using ClusterLocator.Locator.Security;
using ClusterLocator.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Security;

public sealed class CredentialsSourceTests : IDisposable
{
    private const string OldToken = "old-token-0123456789abcdef";
    private const string NewToken = "new-token-0123456789abcdef";

    private readonly string _directory = Directory.CreateTempSubdirectory("credentials-").FullName;
    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger<CredentialsSource> _log = new();

    private string PathOf => System.IO.Path.Combine(_directory, "credentials.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Write(string name, string token, DateTime written)
    {
        File.WriteAllText(PathOf, $$"""{ "credentials": [ { "name": "{{name}}", "tokenSha256": "{{CredentialSet.Digest(token)}}" } ] }""");
        File.SetLastWriteTimeUtc(PathOf, written);
    }

    private CredentialsSource Start() => new(new LocatorOptions { CredentialsFile = PathOf }, _time, _log);

    [Fact]
    public void AValidChange_AppliesAtTheNextCheck()
    {
        Write("old", OldToken, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        using var source = Start();
        Assert.Equal("old", source.Current.Authenticate($"Bearer {OldToken}")!.Name);

        Write("new", NewToken, new DateTime(2026, 1, 1, 0, 0, 5, DateTimeKind.Utc));
        _time.Advance(CredentialsSource.CheckInterval);

        Assert.Equal("new", source.Current.Authenticate($"Bearer {NewToken}")!.Name);
        Assert.Null(source.Current.Authenticate($"Bearer {OldToken}"));
        Assert.Contains(_log.Entries, e => e.Id.Name == "CredentialsReloaded");
    }

    [Fact]
    public void AnInvalidChange_IsRefusedWithAnError_AndTheLastGoodSetStays()
    {
        Write("old", OldToken, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        using var source = Start();

        File.WriteAllText(PathOf, """{ "credentials": [ { "name": "half-written" """);
        File.SetLastWriteTimeUtc(PathOf, new DateTime(2026, 1, 1, 0, 0, 5, DateTimeKind.Utc));
        _time.Advance(CredentialsSource.CheckInterval);

        Assert.Equal("old", source.Current.Authenticate($"Bearer {OldToken}")!.Name);
        var refused = Assert.Single(_log.Entries, e => e.Id.Name == "CredentialsReloadRefused");
        Assert.Contains("not valid JSON", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInvalidFileAtStart_StopsTheStart_NamingThePropertyAndTheProblem()
    {
        File.WriteAllText(PathOf, """{ "credentials": [ { "name": "a", "tokenSha256": "xyz" } ] }""");

        var ex = Assert.Throws<OptionsValidationException>(Start);

        var failure = Assert.Single(ex.Failures);
        Assert.StartsWith($"LocatorOptions.CredentialsFile '{PathOf}': credentials[0].tokenSha256 must be", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileAtStart_SaysItDoesNotExist()
    {
        var ex = Assert.Throws<OptionsValidationException>(Start);

        Assert.Contains("it does not exist", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }
}
