using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
        var set = CredentialSet.Create(controllerToken, json, clientCertificates: true, errors);
        Assert.Empty(errors);
        return set!;
    }

    private static List<string> Errors(string json, bool clientCertificates = true)
    {
        var errors = new List<string>();
        Assert.Null(CredentialSet.Create(null, json, clientCertificates, errors));
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
        Assert.Contains(errors, e => e.StartsWith("credentials[3] has both a tokenSha256 and a certificateSubject: give exactly one", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("credentials[4].name is 'bad name'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("credentials[4].clusters has 'erp/*'", StringComparison.Ordinal));
        Assert.Equal(6, errors.Count);
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

    [Fact]
    public void CertificateSubject_AuthenticatesTheCertificateWithExactlyThatSubject_AfterAKnownToken()
    {
        var set = Create(null, File(
            Entry("erp", ErpToken),
            """{ "name": "crm-site-b", "certificateSubject": "CN=crm-b.example, O=Example", "services": ["crm"] }"""));
        using var listed = Certificate("CN=crm-b.example, O=Example");
        using var other = Certificate("CN=crm-c.example, O=Example");

        // The format a credential names: .NET's Subject, most specific part first, ", " between parts.
        Assert.Equal("CN=crm-b.example, O=Example", listed.Subject);
        Assert.Equal(2, set.Count);
        Assert.Equal("crm-site-b", set.Authenticate(null, listed)?.Name);
        Assert.Equal("crm-site-b", set.Authenticate($"Bearer {CrmToken}", listed)?.Name);
        Assert.Equal("erp", set.Authenticate($"Bearer {ErpToken}", listed)?.Name);
        Assert.Null(set.Authenticate(null, other));
        Assert.Null(set.Authenticate(null, clientCertificate: null));
        Assert.True(set.Authenticate(null, listed)!.Covers("crm", "c1"));
        Assert.False(set.Authenticate(null, listed)!.Covers("erp", "c1"));
    }

    [Fact]
    public void CertificateSubject_WithoutAClientCa_IsRefusedWithTheFix()
    {
        var error = Assert.Single(Errors(File("""{ "name": "b", "certificateSubject": "CN=crm-b.example" }"""), clientCertificates: false));

        Assert.Equal(
            "credentials[0].certificateSubject: the locator checks no client certificates, so none could match; give LocatorOptions.ClientCa (the CA that issues the clients' certificates) with https:// URLs, or give a tokenSha256 instead.",
            error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("crm-b.example")]
    [InlineData(" CN=crm-b.example")]
    [InlineData("CN=crm-b.example ")]
    public void CertificateSubject_ThatIsNoDistinguishedName_IsRefused(string subject)
    {
        var error = Assert.Single(Errors(File($$"""{ "name": "b", "certificateSubject": "{{subject}}" }""")));

        Assert.StartsWith($"credentials[0].certificateSubject '{subject}' is not a distinguished name: write the certificate's subject as openssl", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Entry_WithNeitherTokenNorSubject_OrASubjectTwice_IsRefused()
    {
        var errors = Errors(File(
            """{ "name": "a", "services": ["erp"] }""",
            """{ "name": "b", "certificateSubject": "CN=crm-b.example" }""",
            """{ "name": "c", "certificateSubject": "CN=crm-b.example" }"""));

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("credentials[0] has neither a tokenSha256 nor a certificateSubject: give exactly one of them", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("credentials[2].certificateSubject 'CN=crm-b.example' is named by another credential already", errors[1], StringComparison.Ordinal);
    }

    private static X509Certificate2 Certificate(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
    }
}
