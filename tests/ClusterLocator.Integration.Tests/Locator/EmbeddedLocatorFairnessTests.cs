using System.Net;
using System.Net.Http.Json;
using ClusterLocator.Locator;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Integration.Tests.Locator;

/// <summary>
/// The limits hold in an application that hosts the locator with <c>AddClusterLocator</c> and
/// <c>MapClusterLocator</c> alone: it calls neither <c>AddRateLimiter</c> nor <c>UseRateLimiter</c>.
/// </summary>
public sealed class EmbeddedLocatorFairnessTests
{
    [Fact]
    public async Task AnAppHostingTheLocator_LimitsLocatesPerClient_WithoutRateLimitingMiddleware()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddClusterLocator(options =>
        {
            options.WarmUp = TimeSpan.Zero;
            options.ClientRate = 3;
        });
        await using var app = builder.Build();
        app.MapClusterLocator();
        await app.StartAsync().DefaultTimeout();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };
        using (var registered = await http.PutAsJsonAsync("v1/clusters/a", Reports.Create(), ProtocolJsonContext.Default.ClusterReport).DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        }

        // The window is one second and loopback answers in well under that, so some of 200 are refused.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 200 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            using var response = await http.GetAsync("v1/locate?service=erp").DefaultTimeout();
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) >= 3, string.Join(", ", statuses));

        // Only locate is limited.
        using var list = await http.GetAsync("v1/clusters").DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        await app.StopAsync().DefaultTimeout();
    }
}
