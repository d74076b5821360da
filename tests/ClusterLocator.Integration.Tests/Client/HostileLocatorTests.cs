using System.Text;
using ClusterLocator.Client;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Client;

/// <summary>
/// A hostile locator listed first, a real locator and controller after it: whatever the hostile one
/// answers, the SDK refuses it and opens the session on the real cluster.
/// </summary>
public sealed class HostileLocatorTests
{
    [Theory]
    [InlineData("http placement for a tcp session")]
    [InlineData("address outside AllowedNetworks")]
    [InlineData("redirect")]
    [InlineData("endless answer")]
    public async Task ConnectTcp_HostileLocatorFirst_SessionOpensOnTheRealCluster(string attack)
    {
        await using var locator = await TestLocator.StartAsync();
        await using var member = EchoServer.Start();
        await using var controller = await TestController.StartAsync(options =>
        {
            options.ClusterId = "real";
            options.Members.Add(member.Address);
            options.Locators.Add(LoopbackPorts.DeadUrl());
        });
        await locator.RegisterAsync("real", Reports.Create(service: "echo", tcp: controller.TcpAdvertised, health: 0.5));
        // Where a followed redirect would lead: a placement that works, on the attacker's cluster.
        await using var target = new CannedHttpServer(CannedHttpServer.Answer("200 OK", "application/json", $$"""{"clusterId":"evil","protocol":"tcp","address":"{{member.Address}}","health":1,"ttlMs":5000,"stale":false}"""));
        await using var hostile = new CannedHttpServer(attack switch
        {
            "http placement for a tcp session" => CannedHttpServer.Answer("200 OK", "application/json", """{"clusterId":"evil","protocol":"http","address":"http://127.0.0.1:1/","health":1,"ttlMs":5000,"stale":false}"""),
            "address outside AllowedNetworks" => CannedHttpServer.Answer("200 OK", "application/json", """{"clusterId":"evil","protocol":"tcp","address":"192.0.2.66:9001","health":1,"ttlMs":5000,"stale":false}"""),
            "redirect" => $"HTTP/1.1 302 Found\r\nLocation: {target.Url}v1/locate?service=echo&protocol=tcp\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            _ => "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[" + new string(' ', 1024 * 1024),
        });
        var options = new LocatorClientOptions { Locators = { hostile.Url, locator.BaseAddress }, AllowedNetworks = { "127.0.0.0/8" } };
        using var client = new LocatorClient(options);

        await using var session = await client.ConnectTcpAsync("echo").DefaultTimeout();

        Assert.Equal("real", session.Placement.ClusterId);
        Assert.Equal(1, hostile.Requests);
        Assert.Equal(0, target.Requests);
        var hello = Encoding.UTF8.GetBytes("hello\n");
        await session.Stream.WriteAsync(hello).AsTask().DefaultTimeout();
        var echoed = new byte[hello.Length];
        await session.Stream.ReadExactlyAsync(echoed).AsTask().DefaultTimeout();
        Assert.Equal(hello, echoed);
    }
}
