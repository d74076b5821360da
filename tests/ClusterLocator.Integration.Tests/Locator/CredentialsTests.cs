using System.Net;
using System.Net.Http.Headers;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Locator.Security;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Locator;

/// <summary>
/// <c>--credentials</c>: each credential writes only the services and clusters it covers; a holder
/// of another service's token cannot register, replace or remove a cluster of this one.
/// </summary>
public sealed class CredentialsTests : IAsyncLifetime
{
    private const string ErpToken = "erp-token-0123456789abcdef";
    private const string CrmToken = "crm-token-0123456789abcdef";
    private readonly string _file = Path.Combine(Directory.CreateTempSubdirectory("credentials-").FullName, "credentials.json");
    private TestLocator _locator = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_file, $$"""
            { "credentials": [
                { "name": "erp-controllers", "tokenSha256": "{{CredentialSet.Digest(ErpToken)}}", "services": ["erp"], "clusters": ["erp-*"] },
                { "name": "crm-site-b", "tokenSha256": "{{CredentialSet.Digest(CrmToken)}}", "services": ["crm"] } ] }
            """);
        _locator = await TestLocator.StartAsync(options => options.CredentialsFile = _file);
    }

    public async Task DisposeAsync()
    {
        await _locator.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);
    }

    [Fact]
    public async Task Report_WithACoveringCredential_IsAccepted()
    {
        using var response = await _locator.ReportAsync("erp-1", Reports.Create(service: "erp"), ErpToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Report_WithoutAKnownToken_Returns401_AndRegistersNothing()
    {
        using var none = await _locator.ReportAsync("erp-1", Reports.Create(service: "erp"));
        using var unknown = await _locator.ReportAsync("erp-1", Reports.Create(service: "erp"), "someone-elses-token-0123456789");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Empty((await _locator.ClustersAsync()).Clusters);
    }

    [Theory]
    [InlineData("erp-1", "crm")]
    [InlineData("other-1", "erp")]
    public async Task Report_OutsideTheCredentialsScope_Returns403NamingTheCredentialNotTheToken(string clusterId, string service)
    {
        using var response = await _locator.ReportAsync(clusterId, Reports.Create(service: service), ErpToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await _locator.ProblemAsync(response);
        Assert.Contains("'erp-controllers' covers services erp; clusters erp-*", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(ErpToken, problem.Detail, StringComparison.Ordinal);
        Assert.Empty((await _locator.ClustersAsync()).Clusters);
    }

    [Fact]
    public async Task CredentialsFileChanged_TheNewCredentialsApply_WithoutARestart_AndABadVersionIsKeptOut()
    {
        const string NewToken = "new-token-0123456789abcdef";
        await File.WriteAllTextAsync(_file, $$"""{ "credentials": [ { "name": "new", "tokenSha256": "{{CredentialSet.Digest(NewToken)}}" } ] }""");
        _locator.Time.Advance(CredentialsSource.CheckInterval);

        using (var withNew = await _locator.ReportAsync("erp-1", Reports.Create(service: "erp"), NewToken))
        {
            Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
        }

        using (var withOld = await _locator.ReportAsync("erp-2", Reports.Create(service: "erp"), ErpToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, withOld.StatusCode);
        }

        await File.WriteAllTextAsync(_file, """{ "credentials": [ { "name": "typo" """);
        _locator.Time.Advance(CredentialsSource.CheckInterval);

        using var stillNew = await _locator.ReportAsync("erp-1", Reports.Create(service: "erp", seq: 2), NewToken);
        Assert.Equal(HttpStatusCode.OK, stillNew.StatusCode);
    }

    [Fact]
    public async Task Deregister_WithAnotherServicesCredential_Returns403_AndTheClusterStays()
    {
        await _locator.RegisterAsync("erp-1", Reports.Create(service: "erp"), ErpToken);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, "v1/clusters/erp-1?incarnation=inc-1");
        delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CrmToken);
        using var response = await _locator.Http.SendAsync(delete).DefaultTimeout();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Single((await _locator.ClustersAsync()).Clusters);
    }
}
