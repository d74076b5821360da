using System.CommandLine;
using ClusterLocator.Cli.Output;
using ClusterLocator.Locator;
using ClusterLocator.Locator.Hosting;
using ClusterLocator.Locator.Placement;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Cli.Commands;

/// <summary><c>clusterlocator locator</c>: runs the locator service.</summary>
internal static class LocatorCommand
{
    public const string TokenVariable = "CLUSTERLOCATOR_CONTROLLER_TOKEN";

    /// <summary>The flag of each option property the locator's validator names.</summary>
    private static readonly OptionFlags Flags = new(new Dictionary<string, string>
    {
        ["LocatorOptions.Urls"] = "--urls",
        ["LocatorOptions.Policy"] = "--policy",
        ["LocatorOptions.ReportInterval"] = "--report-interval",
        ["LocatorOptions.Lease"] = "--lease",
        ["LocatorOptions.WarmUp"] = "--warm-up",
        ["LocatorOptions.PlacementTtl"] = "--placement-ttl",
        ["LocatorOptions.ControllerToken"] = $"--controller-token-file (or {TokenVariable})",
        ["LocatorOptions.Insecure"] = "--insecure",
        ["LocatorOptions.CredentialsFile"] = "--credentials",
        ["LocatorOptions.AllowedHosts"] = "--allowed-hosts",
        ["LocatorOptions.Store"] = "--store",
        ["LocatorOptions.StorePrefix"] = "--store-prefix",
        ["LocatorOptions.StoreCa"] = "--store-ca",
        ["LocatorOptions.StoreCert"] = "--store-cert",
        ["LocatorOptions.StoreKey"] = "--store-key",
        ["LocatorOptions.TlsCert"] = "--tls-cert",
        ["LocatorOptions.TlsKey"] = "--tls-key",
        ["LocatorOptions.ClientCa"] = "--client-ca",

        // Fair placement and rate limits.
        ["LocatorOptions.ClientPlacementShare"] = "--client-placement-share",
        ["LocatorOptions.ClientRate"] = "--client-rate",
        ["LocatorOptions.ClientCredentials"] = "--client-credentials",

        // Limits.
        ["LocatorOptions.MaxClusters"] = "--max-clusters",
        ["LocatorOptions.MaxServices"] = "--max-services",
        ["LocatorOptions.MaxClustersPerService"] = "--max-clusters-per-service",
        ["LocatorOptions.MaxConnections"] = "--max-connections",
        ["LocatorOptions.KeepAliveTimeout"] = "--keep-alive-timeout",
        ["LocatorOptions.RequestHeadersTimeout"] = "--request-headers-timeout",

        // Sharing placement counts between locators.
        ["LocatorOptions.Peers"] = "--peer",
        ["LocatorOptions.PeerSyncInterval"] = "--peer-sync-interval",

        // Peer discovery through etcd.
        ["LocatorOptions.AdvertiseUrl"] = "--advertise-url",

        // Telemetry.
        ["LocatorOptions.OtlpEndpoint"] = "--otlp-endpoint",

        // Locate over DNS (issue 16).
        ["LocatorOptions.Dns"] = "--dns",
        ["LocatorOptions.DnsDomain"] = "--dns-domain",
        ["LocatorOptions.DnsTtl"] = "--dns-ttl",
    });

    public static Command Create(TextWriter error)
    {
        var urls = new Option<string[]>("--urls")
        {
            Description = $"Where to listen (repeatable). Default {LocatorOptions.DefaultUrl}. Beyond loopback a controller token is required unless --insecure.",
            HelpName = "URL",
        };
        var policy = new Option<string>("--policy")
        {
            Description = "How the cluster is chosen: best (highest health), p2c (better of two random), weighted (random by free room), round-robin.",
            DefaultValueFactory = _ => PlacementPolicies.Best,
        };
        policy.AcceptOnlyFromAmong([.. PlacementPolicies.All]);
        var reportInterval = CliOptions.Duration("--report-interval", "How often controllers must report. Default 1s.");
        var lease = CliOptions.Duration("--lease", "How long a report keeps a cluster eligible. Default 3 report intervals.");
        var warmUp = CliOptions.Duration("--warm-up", "How long after start locates answer 503 while clusters report. Default one lease with the memory store, none with etcd; 0s turns it off.");
        var placementTtl = CliOptions.Duration("--placement-ttl", "How long clients may reuse a placement. Default 5s.");
        var tokenFile = CliOptions.File("--controller-token-file", $"A file holding the token controllers must send to register (or set {TokenVariable}).");
        var store = new Option<string>("--store")
        {
            Description = "Where cluster state lives: memory (this locator alone), or etcd://HOST:PORT[,HOST:PORT…] (etcds:// for TLS), a registry several locators share.",
            HelpName = "STORE",
            DefaultValueFactory = _ => "memory",
        };
        var storePrefix = new Option<string>("--store-prefix")
        {
            Description = "The etcd key prefix; locators sharing a registry use the same one. Default /clusterlocator/.",
            HelpName = "PREFIX",
            DefaultValueFactory = _ => "/clusterlocator/",
        };
        var storeCa = CliOptions.File("--store-ca", "With etcds://: a PEM file of the CA certificate(s) that issued etcd's server certificates, trusted instead of the machine's trust store. Needed when a private CA issued them.");
        var storeCert = CliOptions.File("--store-cert", "With etcds://: the PEM client certificate this locator presents to etcd (extended key usage clientAuth). Needed when etcd runs with --client-cert-auth; give --store-key too.");
        var storeKey = CliOptions.File("--store-key", "With etcds://: the PEM file of --store-cert's private key, unencrypted; readable by the locator's user only.");
        var tlsCert = CliOptions.File("--tls-cert", "The PEM certificate to serve https:// URLs with (HTTP/1.1 and HTTP/2); give --tls-key too. A file replaced on disk is used within a second, without a restart.");
        var tlsKey = CliOptions.File("--tls-key", "The PEM file of --tls-cert's private key, unencrypted; readable by the locator's user only.");
        var clientCa = CliOptions.File("--client-ca", "A PEM file of the CA(s) whose client certificates the https:// URLs accept; a credentials entry with a certificateSubject authenticates such a client. Needs --tls-cert.");
        var credentials = CliOptions.File("--credentials", "A JSON file of scoped credentials (name, SHA-256 of the token, services and clusters it may write), read again when it changes. See docs/operations.md.");
        var insecure = new Option<bool>("--insecure")
        {
            Description = "Allow listening beyond loopback without a controller token: anyone who reaches the locator can register.",
        };

        var allowedHosts = new Option<string[]>("--allowed-hosts")
        {
            Description = "Host names (comma-separated, repeatable) that requests may name besides localhost, 127.x.x.x and [::1] while the locator listens on loopback only; requests for any other host get 421 (DNS rebinding).",
            HelpName = "NAME[,NAME…]",
        };

        // Fair placement and rate limits.
        var clientPlacementShare = PlacementShareOption();
        var clientRate = new Option<int?>("--client-rate")
        {
            Description = "The locates a second one client may make (credential, else source address); past it, 429 with Retry-After. Default 2000; 0 turns the limit off.",
            HelpName = "N",
        };
        var clientCredentials = CliOptions.File("--client-credentials", "A JSON file of the credentials clients must present to locate (the --credentials format; services are those the client may locate, clusters is refused), read again when it changes. Without it anyone may locate, and clients are known by address.");

        // Limits.
        var maxClusters = Count("--max-clusters", "The most clusters the registry holds (expired ones still listed included); a report that would register one more gets 429 limit-reached, known clusters keep reporting. Default 10000.");
        var maxServices = Count("--max-services", "The most services the registry holds; a report that would add one more gets 429 limit-reached. Default 1000.");
        var maxClustersPerService = Count("--max-clusters-per-service", "The most clusters one service may have; a report that would add one more gets 429 limit-reached. Default 1000.");
        var maxConnections = Count("--max-connections", "The most connections served at once; one more is closed before any request is read. Default 10000.");
        var keepAliveTimeout = CliOptions.Duration("--keep-alive-timeout", "How long an idle connection stays open. Default 30s.");
        var requestHeadersTimeout = CliOptions.Duration("--request-headers-timeout", "How long a client has to send a request's headers before it is cut off. Default 10s.");

        // Sharing placement counts between locators.
        var peers = new Option<string[]>("--peer")
        {
            Description = "With the memory store: another locator that clients also use (repeatable, up to 32; with --store etcd the locators find each other instead): every --peer-sync-interval this locator posts it the sessions it placed since, per cluster, so a burst spread over several locators fills the clusters as one locator would. Give every locator the others, and the same --controller-token-file.",
            HelpName = "URL",
        };
        var peerSyncInterval = CliOptions.Duration("--peer-sync-interval", "How often placement counts are posted to the peers, only when there were placements. Default a tenth of --report-interval (at least 10ms).");

        // Peer discovery through etcd.
        var advertiseUrl = new Option<string>("--advertise-url")
        {
            Description = "With an etcd store: the URL the other locators reach this one at, announced under PREFIX/locators/ so they send it their placement counts. Default: the first --urls address when it names a host (not 0.0.0.0, [::] or localhost); set it when peers reach this locator at another address (a container, NAT, a proxy).",
            HelpName = "URL",
        };

        // Locate over DNS (issue 16).
        var dns = new Option<string>("--dns")
        {
            Description = "Also answer locates over DNS, UDP and TCP, on this address (e.g. 127.0.0.1:8600): SRV _SERVICE._tcp.DOMAIN (or ._http, or _SERVICE._tcp.ZONE.DOMAIN to prefer a zone) and A/AAAA SERVICE.DOMAIN, each answer one placement counted like GET /v1/locate, under the same --client-rate. See docs/dns.md. Default: off.",
            HelpName = "IP:PORT",
        };
        var dnsDomain = new Option<string>("--dns-domain")
        {
            Description = "The domain the DNS interface answers for; forward it to the locator from your resolver (docs/dns.md). Default locator.",
            HelpName = "DOMAIN",
        };
        var dnsTtl = CliOptions.Duration("--dns-ttl", "The TTL of DNS answers, in whole seconds. Default 0: every query is a fresh decision; a cached answer would send every client of a resolver to one cluster, uncounted.");

        var command = new Command("locator", """
            Run the locator: controllers register and report to it, clients ask it where to connect.

            Examples:
              clusterlocator locator
              clusterlocator locator --urls http://0.0.0.0:7400 --controller-token-file /etc/clusterlocator/token
              clusterlocator locator --store etcd://10.0.0.11:2379,10.0.0.12:2379,10.0.0.13:2379
              clusterlocator locator --urls http://10.0.0.2:7400 --controller-token-file /etc/clusterlocator/token \
                --peer http://10.0.0.3:7400 --peer http://10.0.0.4:7400
              clusterlocator locator --store etcds://10.0.0.11:2379 --store-ca /etc/clusterlocator/etcd-ca.pem \
                --store-cert /etc/clusterlocator/etcd-client.pem --store-key /etc/clusterlocator/etcd-client-key.pem
              clusterlocator locator --urls https://10.0.0.2:7400 --controller-token-file /etc/clusterlocator/token \
                --tls-cert /etc/clusterlocator/locator.pem --tls-key /etc/clusterlocator/locator-key.pem
              clusterlocator locator --dns 127.0.0.1:8600
              CLUSTERLOCATOR_LOCATOR__POLICY=p2c clusterlocator locator
            """)
        {
            urls, policy, reportInterval, lease, warmUp, placementTtl, tokenFile, store, storePrefix, storeCa, storeCert, storeKey, tlsCert, tlsKey, clientCa, credentials, insecure, allowedHosts,
            clientPlacementShare, clientRate, clientCredentials,
            maxClusters, maxServices, maxClustersPerService, maxConnections, keepAliveTimeout, requestHeadersTimeout,
            peers, peerSyncInterval, advertiseUrl,
            dns, dnsDomain, dnsTtl,
        };

        // Telemetry.
        var telemetry = new TelemetryFlags();
        foreach (var flag in telemetry.All)
        {
            command.Options.Add(flag);
        }

        command.SetAction(async (parsed, cancellationToken) =>
        {
            var options = new LocatorOptions
            {
                Policy = parsed.GetValue(policy)!,
                Store = parsed.GetValue(store)!,
                StorePrefix = parsed.GetValue(storePrefix)!,
                StoreCa = parsed.GetValue(storeCa)?.FullName,
                StoreCert = parsed.GetValue(storeCert)?.FullName,
                StoreKey = parsed.GetValue(storeKey)?.FullName,
                TlsCert = parsed.GetValue(tlsCert)?.FullName,
                TlsKey = parsed.GetValue(tlsKey)?.FullName,
                ClientCa = parsed.GetValue(clientCa)?.FullName,
                CredentialsFile = parsed.GetValue(credentials)?.FullName,
                Insecure = parsed.GetValue(insecure),
                Lease = parsed.GetValue(lease),
                WarmUp = parsed.GetValue(warmUp),
            };
            options.ReportInterval = parsed.GetValue(reportInterval) ?? options.ReportInterval;
            options.PlacementTtl = parsed.GetValue(placementTtl) ?? options.PlacementTtl;
            options.ClientPlacementShare = parsed.GetValue(clientPlacementShare) ?? options.ClientPlacementShare;
            options.ClientRate = parsed.GetValue(clientRate) ?? options.ClientRate;
            options.ClientCredentials = parsed.GetValue(clientCredentials)?.FullName;
            options.MaxClusters = parsed.GetValue(maxClusters) ?? options.MaxClusters;
            options.MaxServices = parsed.GetValue(maxServices) ?? options.MaxServices;
            options.MaxClustersPerService = parsed.GetValue(maxClustersPerService) ?? options.MaxClustersPerService;
            options.MaxConnections = parsed.GetValue(maxConnections) ?? options.MaxConnections;
            options.KeepAliveTimeout = parsed.GetValue(keepAliveTimeout) ?? options.KeepAliveTimeout;
            options.RequestHeadersTimeout = parsed.GetValue(requestHeadersTimeout) ?? options.RequestHeadersTimeout;
            options.PeerSyncInterval = parsed.GetValue(peerSyncInterval);
            foreach (var peer in parsed.GetValue(peers) ?? [])
            {
                options.Peers.Add(peer);
            }

            options.AdvertiseUrl = parsed.GetValue(advertiseUrl);
            options.OtlpEndpoint = parsed.GetValue(telemetry.OtlpEndpoint);

            // Locate over DNS (issue 16).
            options.Dns = parsed.GetValue(dns);
            options.DnsDomain = parsed.GetValue(dnsDomain) ?? options.DnsDomain;
            options.DnsTtl = parsed.GetValue(dnsTtl) ?? options.DnsTtl;
            foreach (var url in parsed.GetValue(urls) ?? [])
            {
                options.Urls.Add(url);
            }

            foreach (var host in (parsed.GetValue(allowedHosts) ?? []).SelectMany(value => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            {
                options.AllowedHosts.Add(host);
            }

            var token = await SecretTokenReader.ReadAsync(parsed.GetValue(tokenFile), TokenVariable, "--controller-token-file", cancellationToken);
            if (token.Error is not null)
            {
                return await UsageErrors.WriteAsync(error, "locator", [token.Error]);
            }

            options.ControllerToken = token.Token;
            try
            {
                await using var app = LocatorHost.Build(options, telemetry.Logging(parsed));
                await app.RunAsync();
                return ExitCodes.Success;
            }
            catch (OptionsValidationException ex)
            {
                // Raised by the validator, or where the TLS files are read: either way, bad usage.
                return await UsageErrors.WriteAsync(error, "locator", Flags.Rewrite(ex.Failures));
            }
            catch (IOException ex)
            {
                await error.WriteLineAsync($"error: could not listen on {string.Join(", ", options.Urls.DefaultIfEmpty(LocatorOptions.DefaultUrl))}: {ex.Message} Choose another address with --urls.");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    /// <summary>
    /// <c>--client-placement-share</c>: a percentage (<c>10%</c>) or a fraction (<c>0.1</c>). Only the
    /// syntax is checked here; the range is the validator's.
    /// </summary>
    private static Option<double?> PlacementShareOption() => new("--client-placement-share")
    {
        Description = "How much of a service's total capacity one client's placements may count toward clusters' load per report interval, as a percentage (10%) or a fraction (0.1); past it the client is still answered, but its placements no longer lower the clusters' health until their next report. Default 10%; 100% counts every placement.",
        HelpName = "SHARE",
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            var percent = token.EndsWith('%');
            if (double.TryParse(percent ? token[..^1] : token, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                && double.IsFinite(value)
                && (percent || value <= 1))
            {
                return percent ? value / 100 : value;
            }

            result.AddError($"--client-placement-share '{token}' is not a share: write a percentage such as 10% or a fraction from 0 to 1 such as 0.1.");
            return null;
        },
    };

    /// <summary>A count flag; its range is the validator's to check.</summary>
    private static Option<int?> Count(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
    };
}
