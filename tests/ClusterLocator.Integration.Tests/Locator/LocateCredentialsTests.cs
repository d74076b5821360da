using System.Net;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Locator.Security;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Locator;

/// <summary>
/// <c>--client-credentials</c>: the attack is anyone who reaches the locator learning where every
/// service runs, or locating on someone else's behalf. Only a client with a known credential locates,
/// and only the services its credential names; the file is read again when it changes.
/// </summary>
public sealed class LocateCredentialsTests : IAsyncLifetime
{
    private const string ErpToken = "erp-client-token-0123456789abcdef";
    private const string CrmToken = "crm-client-token-0123456789abcdef";
    private readonly ClientCredentialsFile _credentials = new();
    private TestLocator _locator = null!;

    public async Task InitializeAsync()
    {
        _credentials.Write(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), ("erp-clients", ErpToken, "erp"), ("crm-clients", CrmToken, "crm"));
        _locator = await TestLocator.StartAsync(options => options.ClientCredentials = _credentials.Path);
        await _locator.RegisterAsync("erp-1", Reports.Create(service: "erp"));
    }

    public async Task DisposeAsync()
    {
        await _locator.DisposeAsync();
        _credentials.Dispose();
    }

    [Fact]
    public async Task Locate_WithoutACredential_Returns401SayingHowToSendOne()
    {
        using var anonymous = new LocateClient(_locator.BaseAddress);
        using var unknown = new LocateClient(_locator.BaseAddress, "someone-elses-token-0123456789");

        using var none = await anonymous.LocateAsync("service=erp");
        using var wrong = await unknown.LocateAsync("service=erp");

        foreach (var response in new[] { none, wrong })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
            Assert.Contains("send 'Authorization: Bearer <token>'", (await _locator.ProblemAsync(response)).Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Locate_AServiceTheCredentialDoesNotCover_Returns403NamingTheCredentialNotTheToken()
    {
        using var crm = new LocateClient(_locator.BaseAddress, CrmToken);

        using var response = await crm.LocateAsync("service=erp");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await _locator.ProblemAsync(response);
        Assert.Contains("The credential 'crm-clients' may locate the services crm; 'erp' is not among them", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(CrmToken, problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locate_WithACoveringCredential_IsPlaced()
    {
        using var erp = new LocateClient(_locator.BaseAddress, ErpToken);

        Assert.Equal("erp-1", (await erp.LocateOkAsync("service=erp")).ClusterId);
    }

    [Fact]
    public async Task TheFileChanged_TheNewCredentialsApply_WithoutARestart()
    {
        const string NewToken = "new-client-token-0123456789abcdef";
        _credentials.Write(new DateTime(2026, 1, 1, 0, 0, 5, DateTimeKind.Utc), ("new-clients", NewToken, "erp"));
        _locator.Time.Advance(CredentialsSource.CheckInterval);
        using var newcomer = new LocateClient(_locator.BaseAddress, NewToken);
        using var former = new LocateClient(_locator.BaseAddress, ErpToken);

        Assert.Equal("erp-1", (await newcomer.LocateOkAsync("service=erp")).ClusterId);
        using var refused = await former.LocateAsync("service=erp");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Reports_NeedNoClientCredential()
    {
        // The client file guards locate only: controllers keep the controller token and --credentials.
        using var response = await _locator.ReportAsync("erp-2", Reports.Create(service: "erp"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
