namespace ClusterLocator.Fuzz.Generation;

/// <summary><c>GET /v1/locate</c> and <c>GET /v1/clusters</c> with their query strings mutated.</summary>
internal static class Locates
{
    private static readonly string[] Protocols = ["tcp", "http", "TCP", "https", "ftp", "", "tcp,http"];

    public static FuzzCase Next(Random random, int services, IEnumerable<string> clusterIds)
    {
        var parameters = new List<string>();
        var kind = "locate:valid";
        var service = CaseGenerator.Service(random.Next(services));
        if (random.Next(2) == 0)
        {
            parameters.Add($"service={service}");
            if (random.Next(3) == 0)
            {
                parameters.Add($"protocol={Protocols[random.Next(2)]}");
            }

            if (random.Next(4) == 0)
            {
                parameters.Add($"zone=z{random.Next(4)}");
            }

            if (random.Next(4) == 0)
            {
                parameters.Add("exclude=" + string.Join(",", clusterIds.Where(_ => random.Next(2) == 0)));
            }

            if (random.Next(4) == 0)
            {
                parameters.Add($"key=k{random.Next(1000)}");
            }

            return Get("locate:valid", "/v1/locate?" + string.Join("&", parameters), isLocate: true);
        }

        switch (random.Next(10))
        {
            case 0:
                kind = "locate:no-service";
                parameters.Add($"protocol={Protocols[random.Next(Protocols.Length)]}");
                break;
            case 1:
                kind = "locate:service-twice";
                parameters.Add($"service={service}");
                parameters.Add($"service={CaseGenerator.Service(random.Next(services))}");
                break;
            case 2:
                kind = "locate:service-odd";
                parameters.Add("service=" + Uri.EscapeDataString(Garbage.String(random)));
                break;
            case 3:
                kind = "locate:protocol-odd";
                parameters.Add($"service={service}");
                parameters.Add("protocol=" + Uri.EscapeDataString(random.Next(2) == 0 ? Protocols[random.Next(Protocols.Length)] : Garbage.String(random)));
                break;
            case 4:
                kind = "locate:exclude-long";
                parameters.Add($"service={service}");
                parameters.Add("exclude=" + string.Join(",", Enumerable.Range(0, random.Next(50, 600)).Select(i => random.Next(4) == 0 ? Uri.EscapeDataString(Garbage.String(random)) : $"w{i}-c{i}")));
                break;
            case 5:
                kind = "locate:key-long";
                parameters.Add($"service={service}");
                parameters.Add("key=" + new string('k', random.Next(100, 7000)));
                break;
            case 6:
                kind = "locate:percent-garbage";
                parameters.Add($"service={service}" + Garbage.PercentGarbage(random));
                parameters.Add(Garbage.PercentGarbage(random) + "=" + Garbage.PercentGarbage(random));
                break;
            case 7:
                kind = "locate:odd-separators";
                parameters.Add(random.Next(4) switch { 0 => $"&&service={service}&&", 1 => $"service", 2 => $"=x&service={service}&=", _ => $"service={service};protocol=tcp" });
                break;
            case 8:
                kind = "locate:many-params";
                parameters.AddRange(Enumerable.Range(0, random.Next(100, 1500)).Select(i => $"p{i}={i}"));
                parameters.Add($"service={service}");
                break;
            default:
                kind = "locate:zone-odd";
                parameters.Add($"service={service}");
                parameters.Add("zone=" + Uri.EscapeDataString(Garbage.String(random)));
                break;
        }

        var target = "/v1/locate?" + string.Join("&", parameters);
        return random.Next(3) == 0 ? Raw(kind + ":raw", target, isLocate: true) : Get(kind, target, isLocate: true);
    }

    /// <summary><c>GET /v1/clusters</c> with odd filters and paging parameters.</summary>
    public static FuzzCase List(Random random)
    {
        var query = random.Next(8) switch
        {
            0 => "",
            1 => "?service=" + Uri.EscapeDataString(Garbage.String(random)),
            2 => "?limit=" + Uri.EscapeDataString(random.Next(2) == 0 ? Garbage.String(random) : Garbage.JsonValue(random)),
            3 => "?after=" + Uri.EscapeDataString(Garbage.String(random)),
            4 => $"?limit={random.Next(-2, 5)}&after=w{random.Next(4)}-c{random.Next(4)}",
            5 => "?service=svc-0&service=svc-1",
            6 => "?limit=1&limit=2&after=a&after=b",
            _ => "?" + Garbage.PercentGarbage(random) + "=" + Garbage.PercentGarbage(random),
        };
        return random.Next(3) == 0 ? Raw("list:raw", "/v1/clusters" + query, isLocate: false) : Get("list", "/v1/clusters" + query, isLocate: false);
    }

    private static FuzzCase Get(string kind, string target, bool isLocate) =>
        new() { Kind = kind, Target = target, IsLocate = isLocate };

    private static FuzzCase Raw(string kind, string target, bool isLocate) =>
        new() { Kind = kind, Target = target, Raw = new RawRequest("GET", target).Header("Host", "127.0.0.1").WithBody([]), IsLocate = isLocate };
}
