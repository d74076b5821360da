using ClusterLocator.Locator.Security;

namespace ClusterLocator.Locator.Tests.Security;

public class CredentialSetTests
{
    private const string ErpToken = "erp-token-0123456789abcdef";
    private const string CrmToken = "crm-token-0123456789abcdef";

    private static string File(params string[] entries) => $$"""{ "credentials": [ {{string.Join(",", entries)}} ] }""";

    private static string Entry(string name, string token, string? services = null, string? clusters = null) =>
        $$"""{ "name": "{{name}}", "tokenSha256": "{{CredentialSet.Digest(token)}}"{{(services is null ? "" : $", \"services\": {services}")}}{{(clusters is null ? "" : $", \"clusters\": {clusters}")}} }""";

    private static CredentialSet Create(string? controllerToken, string? json)
    {
        var errors = new List<string>();
        var set = CredentialSet.Create(controllerToken, json, errors);
        Assert.Empty(errors);
        return set!;
    }

    private static List<string> Errors(string json)
    {
        var errors = new List<string>();
        Assert.Null(CredentialSet.Create(null, json, errors));
        return errors;
    }

    [Fact]
    public void NoTokenAndNoFile_IsOpen()
    {
        var set = Create(null, null);

        Assert.True(set.IsOpen);
        Assert.Null(set.Authenticate("Bearer anything"));
    }

    [Fact]
    public void ControllerToken_IsOneCredentialCoveringEverything()
    {
        var set = Create(ErpToken, null);

        var credential = set.Authenticate($"Bearer {ErpToken}");

        Assert.False(set.IsOpen);
        Assert.Equal(CredentialSet.ControllerTokenName, credential!.Name);
        Assert.True(credential.Covers("any-service", "any-cluster"));
        Assert.Null(set.Authenticate($"Bearer {ErpToken}x"));
        Assert.Null(set.Authenticate(null));
        Assert.Null(set.Authenticate($"Basic {ErpToken}"));
    }

    [Fact]
    public void FileCredentials_EachCoversItsServicesAndClusterGlobs()
    {
        var set = Create(null, File(Entry("erp-controllers", ErpToken, """["erp"]""", """["erp-*"]"""), Entry("crm-site-b", CrmToken, """["crm", "crm-eu"]""")));

        var erp = set.Authenticate($"bearer  {ErpToken} ")!;
        var crm = set.Authenticate($"Bearer {CrmToken}")!;

        Assert.Equal("erp-controllers", erp.Name);
        Assert.True(erp.Covers("erp", "erp-1"));
        Assert.False(erp.Covers("erp", "crm-1"));
        Assert.False(erp.Covers("erpx", "erp-1"));
        Assert.True(crm.Covers("crm-eu", "anything"));
        Assert.False(crm.Covers("erp", "anything"));
        Assert.Equal("services erp; clusters erp-*", erp.Scope);
    }

    [Fact]
    public void InvalidFile_ListsEveryProblem_NamingTheEntryAndTheFix()
    {
        var errors = Errors(File(
            Entry("a", ErpToken),
            Entry("a", CrmToken, services: "[]"),
            Entry("b", ErpToken),
            """{ "name": "c", "tokenSha256": "00", "certificateSubject": "CN=x" }""",
            Entry("bad name", "other-token-0123456789", clusters: """["erp/*"]""")));

        Assert.Contains(errors, e => e.StartsWith("credentials[1].name 'a' is used twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("credentials[1].services is empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("credentials[2].tokenSha256 is the digest of a token another credential already has", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("credentials[3].certificateSubject", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("credentials[3].tokenSha256 must be the 64 hex digits", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("credentials[4].name is 'bad name'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("credentials[4].clusters has 'erp/*'", StringComparison.Ordinal));
        Assert.Equal(7, errors.Count);
        Assert.DoesNotContain(errors, e => e.Contains(ErpToken, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not json", "it is not valid JSON")]
    [InlineData("{ }", "it has no \"credentials\" list")]
    [InlineData("""{ "credentials": [], "extra": 1 }""", "it is not valid JSON")]
    public void MalformedFile_SaysWhatIsWrong(string json, string expected)
    {
        Assert.StartsWith(expected, Assert.Single(Errors(json)), StringComparison.Ordinal);
    }
}
