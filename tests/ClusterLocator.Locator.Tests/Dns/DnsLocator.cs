using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using ClusterLocator.Locator.Dns;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Locator.Tests.Api;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using DnsClient;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Locator.Tests.Dns;

/// <summary>
/// A locator (<see cref="ApiLocator"/>) answering DNS on 127.0.0.1 port 0, with a DnsClient
/// resolver for UDP and one for TCP, and a raw UDP exchange for what DnsClient does not show (the
/// Extended DNS Error's text) or would not send (malformed packets).
/// </summary>
internal sealed class DnsLocator : IAsyncDisposable
{
    private DnsLocator(ApiLocator api)
    {
        Api = api;
        Listener = api.Services.GetRequiredService<DnsListener>();
        Udp = Resolver(Listener.UdpEndPoint!, tcp: false);
        Tcp = Resolver(Listener.TcpEndPoint!, tcp: true);
    }

    public ApiLocator Api { get; }

    public DnsListener Listener { get; }

    public LookupClient Udp { get; }

    public LookupClient Tcp { get; }

    public static async Task<DnsLocator> StartAsync(Action<LocatorOptions>? configure = null) =>
        new(await ApiLocator.StartAsync(options =>
        {
            options.Dns = "127.0.0.1:0";
            configure?.Invoke(options);
        }));

    public LookupClient Client(bool tcp) => tcp ? Tcp : Udp;

    public async Task RegisterAsync(string id, ClusterReport report)
    {
        using var response = await Api.SendAsync(HttpMethod.Put, $"v1/clusters/{id}", ApiLocator.Json(report));
        Assert.True(response.IsSuccessStatusCode, $"Registering {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The sessions placed on <paramref name="id"/> since its report.</summary>
    public long PlacedOn(string id) =>
        Api.Services.GetRequiredService<ClusterRegistry>().Snapshot.All.Single(e => e.ClusterId == id).Placed;

    /// <summary>Sends <paramref name="query"/> over UDP as it is and returns the answer parsed, or null when none came.</summary>
    public async Task<DnsMessage?> ExchangeAsync(byte[] query, TimeSpan? wait = null) =>
        await ExchangeBytesAsync(query, wait) is { } answer ? DnsMessage.Parse(answer) : null;

    /// <summary>Sends <paramref name="query"/> over UDP as it is and returns the answer's bytes, or null when none came.</summary>
    public async Task<byte[]?> ExchangeBytesAsync(byte[] query, TimeSpan? wait = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.SendToAsync(query, SocketFlags.None, Listener.UdpEndPoint!);
        var buffer = new byte[65535];
        using var timeout = new CancellationTokenSource(wait ?? TimeoutExtensions.DefaultTimeoutTimeSpan);
        try
        {
            var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
            return buffer[..received.ReceivedBytes];
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The bytes of a query for <paramref name="name"/>, with EDNS unless <paramref name="edns"/> is false.</summary>
    public static byte[] Query(string name, RecordType type, bool edns = true, ushort id = 7)
    {
        var query = new DnsMessage { TransactionID = id, IsRecursionDesired = true };
        query.Questions.Add(new ARSoft.Tools.Net.Dns.DnsQuestion(DomainName.Parse(name), type, RecordClass.INet));
        if (edns)
        {
            query.EDnsOptions = new OptRecord(1232);
        }

        return [.. DnsCodec.Encode(query)];
    }

    /// <summary>The text of the Extended DNS Error in <paramref name="answer"/>.</summary>
    public static (ushort Code, string Text) ExtendedError(DnsMessage answer)
    {
        var option = Assert.IsType<UnknownOption>(Assert.Single(answer.EDnsOptions!.Options, o => o.Type == ExtendedDnsError.OptionType));
        Assert.NotNull(option.Data);
        return ((ushort)((option.Data[0] << 8) | option.Data[1]), System.Text.Encoding.UTF8.GetString(option.Data, 2, option.Data.Length - 2));
    }

    public async ValueTask DisposeAsync() => await Api.DisposeAsync();

    private static LookupClient Resolver(IPEndPoint server, bool tcp) => new(new LookupClientOptions(new NameServer(server))
    {
        UseCache = false,
        UseTcpOnly = tcp,
        Retries = 0,
        Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan,
        ThrowDnsErrors = false,
        ContinueOnDnsError = false,
        ContinueOnEmptyResponse = false,
        UseRandomNameServer = false,
    });
}
