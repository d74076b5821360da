using System.Text;

namespace ClusterLocator.Fuzz.Generation;

/// <summary>
/// Requests whose head is malformed or surprising: request lines, versions, header syntax, oversized
/// and numerous headers, <c>Host</c> variants, and bytes that are not HTTP/1.1 at all.
/// </summary>
internal static class HeadMutations
{
    public static FuzzCase Next(Random random, int services)
    {
        var locate = $"/v1/locate?service={CaseGenerator.Service(random.Next(services))}";
        RawRequest Get() => new("GET", locate);
        var ends = true;
        string kind;
        byte[] raw;
        switch (random.Next(20))
        {
            case 0:
                kind = "head:no-host";
                raw = Get().WithBody([]);
                break;
            case 1:
                kind = "head:host-twice";
                raw = Get().Header("Host", "127.0.0.1").Header("Host", "localhost").WithBody([]);
                break;
            case 2:
                kind = "head:host-odd";
                raw = Get().Header("Host", random.Next(9) switch
                {
                    0 => "evil.example",
                    1 => "[::1]:80",
                    2 => "127.0.0.1:99999",
                    3 => string.Empty,
                    4 => "localhost:abc",
                    5 => "127.0.0.1.",
                    6 => "user@127.0.0.1",
                    7 => "LOCALHOST",
                    _ => Garbage.String(random),
                }).WithBody([]);
                ends = false;
                break;
            case 3:
                kind = "head:absolute-form";
                raw = new RawRequest("GET", "http://127.0.0.1" + locate).Header("Host", random.Next(2) == 0 ? "127.0.0.1" : "other.example").WithBody([]);
                break;
            case 4:
                kind = "head:version";
                raw = new RawRequest("GET", locate, random.Next(6) switch { 0 => "HTTP/1.0", 1 => "HTTP/1.2", 2 => "HTTP/2.0", 3 => "HTTP/9.9", 4 => "http/1.1", _ => "HTTP/1" }).Header("Host", "127.0.0.1").WithBody([]);
                break;
            case 5:
                kind = "head:oversized-header";
                raw = Get().Header("Host", "127.0.0.1").Header("X-Big", new string('b', random.Next(9000, 40000))).WithBody([]);
                break;
            case 6:
                kind = "head:many-headers";
                var many = Get().Header("Host", "127.0.0.1");
                for (var i = 0; i < random.Next(100, 2000); i++)
                {
                    many.Header($"X-H{i}", "v");
                }

                raw = many.WithBody([]);
                break;
            case 7:
                kind = "head:no-colon";
                raw = Get().Header("Host", "127.0.0.1").Line("NoColonHere").WithBody([]);
                break;
            case 8:
                kind = "head:obs-fold";
                raw = Get().Header("Host", "127.0.0.1").Header("X-Folded", "a").Line(" continued").WithBody([]);
                break;
            case 9:
                kind = "head:control-bytes";
                raw = Get().Header("Host", "127.0.0.1").Header("X-Odd", "a\0b\u007f\u00ff" + (char)random.Next(1, 32)).WithBody([]);
                break;
            case 10:
                kind = "head:non-ascii-value";
                raw = Get().Header("Host", "127.0.0.1").Header(random.Next(2) == 0 ? "X-Name" : "Authorization", "Bearer \u00e9\u202e\ud83d\ude00").WithBody([]);
                ends = false;
                break;
            case 11:
                kind = "head:name-with-space";
                raw = Get().Header("Host", "127.0.0.1").Line("X Bad : v").WithBody([]);
                break;
            case 12:
                kind = "head:long-target";
                raw = new RawRequest("GET", locate + "&pad=" + new string('p', random.Next(8000, 20000))).Header("Host", "127.0.0.1").WithBody([]);
                break;
            case 13:
                kind = "head:odd-target";
                raw = new RawRequest("GET", random.Next(6) switch { 0 => "*", 1 => "v1/locate", 2 => locate + "#frag", 3 => "/v1/locate?service=svc-0 x", 4 => "/v1/loc\u00e9te", _ => "/\0" }).Header("Host", "127.0.0.1").WithBody([]);
                break;
            case 14:
                kind = "head:double-spaces";
                raw = Encoding.ASCII.GetBytes($"GET  {locate}  HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                break;
            case 15:
                kind = "head:http2-preface";
                raw = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04\0\0\0\0\0");
                break;
            case 16:
                kind = "head:tls-hello";
                raw = [0x16, 0x03, 0x01, 0x00, 0x2f, 0x01, 0x00, 0x00, 0x2b, 0x03, 0x03, .. Enumerable.Range(0, 40).Select(_ => (byte)random.Next(256))];
                break;
            case 17:
                kind = "head:garbage";
                raw = [.. Enumerable.Range(0, random.Next(1, 300)).Select(_ => (byte)random.Next(256)), (byte)'\r', (byte)'\n', (byte)'\r', (byte)'\n'];
                break;
            case 18:
                kind = "head:expect-continue";
                raw = new RawRequest("GET", locate).Header("Host", "127.0.0.1").Header("Expect", random.Next(2) == 0 ? "100-continue" : "fish").WithBody([]);
                ends = false;
                break;
            default:
                kind = "head:connection-odd";
                raw = Get().Header("Host", "127.0.0.1").Header("Connection", random.Next(3) switch { 0 => "close", 1 => "upgrade", _ => "keep-alive, Upgrade" }).Header("Upgrade", random.Next(2) == 0 ? "websocket" : "h2c").WithBody([]);
                break;
        }

        return new FuzzCase { Kind = kind, Target = locate, Raw = raw, EndsConnection = ends };
    }
}
