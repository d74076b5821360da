using System.CommandLine;
using System.Net.Sockets;
using ClusterLocator.Cli.Output;
using ClusterLocator.Controller;
using ClusterLocator.Controller.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Cli.Commands;

/// <summary><c>clusterlocator controller</c>: fronts one cluster, registers it and reports its load.</summary>
internal static class ControllerCommand
{
    /// <summary>The flag that sets each option, so the validator's messages name what the user typed.</summary>
    private static readonly OptionFlags Flags = new(new Dictionary<string, string>
    {
        ["ControllerOptions.ClusterId"] = "--cluster",
        ["ControllerOptions.Service"] = "--service",
        ["ControllerOptions.Capacity"] = "--capacity",
        ["ControllerOptions.Listen"] = "--listen",
        ["ControllerOptions.Members"] = "--member",
        ["ControllerOptions.Locators"] = "--locator",
        ["ControllerOptions.Token"] = "--token-file",
        ["ControllerOptions.Zone"] = "--zone",
        ["ControllerOptions.MaxSessions"] = "--max-sessions",
        ["ControllerOptions.ReportInterval"] = "--report-interval",
        ["ControllerOptions.DrainTimeout"] = "--drain-timeout",
        ["ControllerOptions.HealthPath"] = "--health-path",
        ["ControllerOptions.ProbeInterval"] = "--probe-interval",
        ["ControllerOptions.AdvertiseHost"] = "--advertise",
        ["ControllerOptions.ReportHostUsage"] = "--no-host-usage",
        ["ControllerOptions.LocatorCa"] = "--locator-ca",
        ["ControllerOptions.TlsClientCert"] = "--tls-client-cert",
        ["ControllerOptions.TlsClientKey"] = "--tls-client-key",
        ["ControllerOptions.FrontDoorTlsCert"] = "--tls-cert",
        ["ControllerOptions.FrontDoorTlsKey"] = "--tls-key",

        // Front doors that one client cannot hold hostage.
        ["ControllerOptions.IdleTimeout"] = "--idle-timeout",
        ["ControllerOptions.MaxSessionsPerClient"] = "--max-sessions-per-client",
        ["ControllerOptions.MaxConnections"] = "--max-connections",

        // Change-triggered reports.
        ["ControllerOptions.ReportOnChange"] = "--report-on-change",
        ["ControllerOptions.ReportChangeThreshold"] = "--report-change-threshold",

        // Telemetry.
        ["ControllerOptions.AdminUrls"] = "--admin-urls",
        ["ControllerOptions.OtlpEndpoint"] = "--otlp-endpoint",

        // Pinned HTTP connections.
        ["ControllerOptions.HttpMode"] = "--http-mode",
    });

    /// <summary>Where <c>clusterlocator controller</c> serves <c>/metrics</c> unless told otherwise: next to the locator's 7400.</summary>
    public const string DefaultAdminUrl = "http://127.0.0.1:7402";

    public static Command Create(TextWriter error)
    {
        var cluster = new Option<string>("--cluster") { Description = "The cluster's id at the locators.", HelpName = "ID" };
        var service = new Option<string>("--service") { Description = "The service the cluster serves; clients locate by it.", HelpName = "NAME" };
        var capacity = new Option<int>("--capacity") { Description = "How many sessions the cluster is sized for.", HelpName = "N" };
        var listen = new Option<string[]>("--listen")
        {
            Description = "A front door: tcp://HOST:PORT (layer-4 proxy), or http://HOST:PORT or https://HOST:PORT (reverse proxy; https with --tls-cert). Repeat for both protocols; the first is the preferred one.",
            HelpName = "URL",
        };
        var member = new Option<string[]>("--member") { Description = "A member server, HOST:PORT. Repeat for each.", HelpName = "HOST:PORT" };
        var locator = new Option<string[]>("--locator") { Description = "A locator to report to. Repeat for each; each is reported to independently. Default: CLUSTERLOCATOR_LOCATOR, comma-separated URLs.", HelpName = "URL" };
        var tokenFile = CliOptions.File("--token-file", $"A file holding the locators' controller token (or set {LocatorCommand.TokenVariable}).");
        var zone = new Option<string>("--zone") { Description = "The cluster's zone: clients of that zone prefer it.", HelpName = "ZONE" };
        var maxSessions = new Option<int?>("--max-sessions") { Description = "Refuse new sessions beyond this many, so clients go elsewhere. Default: the capacity.", HelpName = "N" };
        var reportInterval = CliOptions.Duration("--report-interval", "How often to report (a locator's answer overrides it). Default 1s.");
        var drainTimeout = CliOptions.Duration("--drain-timeout", "On SIGTERM or Ctrl-C, how long to wait for live sessions before deregistering. Default 30s.");
        var healthPath = new Option<string>("--health-path") { Description = "The path probed on HTTP members (2xx is healthy). Default /healthz.", HelpName = "PATH" };
        var probeInterval = CliOptions.Duration("--probe-interval", "How often members are probed. Default 1s.");
        var advertise = new Option<string>("--advertise")
        {
            Description = "The host name or address to report for a front door that listens on 0.0.0.0. Default: this machine's host name.",
            HelpName = "HOST",
        };
        var noHostUsage = new Option<bool>("--no-host-usage")
        {
            Description = "Do not report CPU and memory use (they lower the cluster's health; measured against the container's cgroup limits when it has them, the machine's otherwise); report sessions and members only.",
        };

        var tlsCert = CliOptions.File("--tls-cert", "The PEM certificate (then its intermediates) an https:// front door serves; read at start.");
        var tlsKey = CliOptions.File("--tls-key", "The PEM file of the unencrypted private key of --tls-cert.");
        var locatorCa = CliOptions.LocatorCa();
        var tlsClientCert = CliOptions.TlsClientCert();
        var tlsClientKey = CliOptions.TlsClientKey();

        // Front doors that one client cannot hold hostage.
        var idleTimeout = CliOptions.Duration(
            "--idle-timeout",
            "Close a TCP session that has passed no byte either way for this long, freeing its place (TCP keep-alive already ends sessions whose peer vanished). 0s never closes one. Default 15m.");
        var maxSessionsPerClient = new Option<int?>("--max-sessions-per-client")
        {
            Description = "The most sessions (TCP sessions, HTTP requests in flight) one client address may hold; beyond it that client is turned away and others still get in. Clients behind one NAT share an address: raise it or give 0 (no limit). Default: half of --max-sessions.",
            HelpName = "N",
        };
        var maxConnections = new Option<int?>("--max-connections")
        {
            Description = "The most connections the HTTP front door keeps open, idle or not; idle ones hold no session. Default 10000.",
            HelpName = "N",
        };

        // Change-triggered reports.
        var reportOnChange = new Option<TimeSpan?>("--report-on-change")
        {
            Description = "Also report as soon as the sessions moved by --report-change-threshold, or a member's health changed, but never sooner than FLOOR after the previous report (10ms up to --report-interval; e.g. a tenth of it). Fresher load at the locators for up to one report per FLOOR per locator. 'off' (the default): report every interval only.",
            HelpName = "FLOOR|off",
            CustomParser = result =>
            {
                var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
                // 'off' parses to a duration no one can type (none is negative), since a null here reads as no value at all.
                if (token == "off")
                {
                    return Timeout.InfiniteTimeSpan;
                }

                if (Durations.TryParse(token, out var value))
                {
                    return value;
                }

                result.AddError($"--report-on-change '{token}' is neither a duration nor 'off': use {Durations.Help}, or off.");
                return null;
            },
        };
        var reportChangeThreshold = new Option<int?>("--report-change-threshold")
        {
            Description = "With --report-on-change: how many sessions opened or closed since the last report trigger one. Default 1.",
            HelpName = "N",
        };

        // Pinned HTTP connections.
        var httpMode = new Option<string>("--http-mode")
        {
            Description = "How the HTTP front door reaches the members. 'per-request' (the default): each request goes to the healthy member with the fewest requests in flight; a member that fails before answering gets the client a 502 (with the relocate header when the request may be sent again). 'pinned': a connection's first request picks the member and the rest of the connection is relayed to it byte for byte, like a TCP session: about the cost of HAProxy's mode tcp instead of a parsed and re-sent request, but every request of a connection goes to that one member, a member failing closes the client's connection, a connection is a session while open (idle or not; --idle-timeout closes silent ones), TLS offers HTTP/1.1 only, and a drain cuts connections still open at --drain-timeout. Use pinned for many short requests on long keep-alive connections from many clients; keep per-request when a few clients send most requests, or for HTTP/2.",
            HelpName = "per-request|pinned",
        };
        httpMode.AcceptOnlyFromAmong("per-request", "pinned");

        var command = new Command(
            "controller",
            """
            Front one cluster of member servers: accept client sessions over TCP and/or HTTP, balance
            them over healthy members, and register and report the cluster's load to every locator.
            SIGTERM or Ctrl-C drains: report 'draining', wait for sessions, deregister, exit 0.

            Examples:
              clusterlocator controller --cluster a --service erp --capacity 1000 \
                --listen tcp://127.0.0.1:9001 --member 127.0.0.1:7001 --member 127.0.0.1:7002 \
                --locator http://127.0.0.1:7400
              clusterlocator controller --cluster a --service erp --capacity 1000 \
                --listen tcp://10.0.0.5:9001 --member 10.0.0.6:7001 --token-file /etc/clusterlocator/token \
                --locator https://locator.example:7400 --locator-ca /etc/clusterlocator/ca.pem
              clusterlocator controller --cluster a --service web --capacity 1000 \
                --listen https://0.0.0.0:9443 --tls-cert /etc/clusterlocator/web.pem \
                --tls-key /etc/clusterlocator/web.key --member 10.0.0.6:8080 --locator http://127.0.0.1:7400
            """)
        {
            cluster, service, capacity, listen, member, locator, tokenFile, zone, maxSessions,
            reportInterval, drainTimeout, healthPath, probeInterval, advertise, noHostUsage,
            tlsCert, tlsKey, locatorCa, tlsClientCert, tlsClientKey,
            idleTimeout, maxSessionsPerClient, maxConnections,
            reportOnChange, reportChangeThreshold,
            httpMode,
        };

        // Telemetry.
        var adminUrls = new Option<string[]>("--admin-urls")
        {
            Description = $"Where to serve /metrics (Prometheus text: sessions, refusals, members' health, bytes through each front door, report round-trips), apart from the front doors: http://IP:PORT, repeatable; port 0 picks a free one; 'off' for none. Default {DefaultAdminUrl}; when that port is taken (a second controller on the host), the controller logs a warning and runs without it.",
            HelpName = "URL",
        };
        var telemetry = new TelemetryFlags();
        command.Options.Add(adminUrls);
        foreach (var flag in telemetry.All)
        {
            command.Options.Add(flag);
        }

        command.SetAction(async (parsed, cancellationToken) =>
        {
            var problems = new List<string>();
            var options = new ControllerOptions
            {
                ClusterId = parsed.GetValue(cluster)!,
                Service = parsed.GetValue(service)!,
                Capacity = parsed.GetValue(capacity),
                Zone = parsed.GetValue(zone),
                MaxSessions = parsed.GetValue(maxSessions),
                AdvertiseHost = parsed.GetValue(advertise),
                ReportHostUsage = !parsed.GetValue(noHostUsage),
                LocatorCa = parsed.GetValue(locatorCa)?.FullName,
                TlsClientCert = parsed.GetValue(tlsClientCert)?.FullName,
                TlsClientKey = parsed.GetValue(tlsClientKey)?.FullName,
                FrontDoorTlsCert = parsed.GetValue(tlsCert)?.FullName,
                FrontDoorTlsKey = parsed.GetValue(tlsKey)?.FullName,
            };
            options.ReportInterval = parsed.GetValue(reportInterval) ?? options.ReportInterval;
            options.DrainTimeout = parsed.GetValue(drainTimeout) ?? options.DrainTimeout;
            options.ProbeInterval = parsed.GetValue(probeInterval) ?? options.ProbeInterval;
            options.HealthPath = parsed.GetValue(healthPath) ?? options.HealthPath;
            options.IdleTimeout = parsed.GetValue(idleTimeout) ?? options.IdleTimeout;
            options.MaxSessionsPerClient = parsed.GetValue(maxSessionsPerClient);
            options.MaxConnections = parsed.GetValue(maxConnections) ?? options.MaxConnections;
            if (parsed.GetValue(reportOnChange) is { } floor)
            {
                options.ReportOnChange = floor == Timeout.InfiniteTimeSpan ? null : floor;
            }

            options.ReportChangeThreshold = parsed.GetValue(reportChangeThreshold) ?? options.ReportChangeThreshold;
            if (parsed.GetValue(httpMode) is "pinned")
            {
                options.HttpMode = HttpFrontDoorMode.Pinned;
            }

            AddUris(options.Listen, parsed.GetValue(listen), "--listen", problems);
            AddUris(options.Locators, parsed.GetValue(locator), "--locator", problems);
            foreach (var address in parsed.GetValue(member) ?? [])
            {
                options.Members.Add(address);
            }

            var token = await SecretTokenReader.ReadAsync(parsed.GetValue(tokenFile), LocatorCommand.TokenVariable, "--token-file", cancellationToken);
            if (token.Error is not null)
            {
                problems.Add(token.Error);
            }

            options.Token = token.Token;
            options.OtlpEndpoint = parsed.GetValue(telemetry.OtlpEndpoint);
            foreach (var url in parsed.GetValue(adminUrls) is { Length: > 0 } given ? given : [DefaultAdminUrl])
            {
                if (url != "off")
                {
                    options.AdminUrls.Add(url);
                }
            }

            problems.AddRange(Flags.Rewrite(ControllerOptionsValidator.Validate(options)));
            if (problems.Count > 0)
            {
                return await UsageErrors.WriteAsync(error, "controller", problems.Distinct());
            }

            try
            {
                using var host = ControllerHost.Build(options, telemetry.Logging(parsed));
                // The host handles SIGTERM and Ctrl-C itself, draining first.
                await host.RunAsync(CancellationToken.None);
                return ExitCodes.Success;
            }
            catch (OptionsValidationException ex)
            {
                // Raised where the TLS files are read (the front door's when the host is built, the
                // locators' when the reporting starts): bad usage.
                return await UsageErrors.WriteAsync(error, "controller", Flags.Rewrite(ex.Failures));
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                await error.WriteLineAsync($"error: could not listen on {string.Join(", ", options.Listen)}: {ex.Message} Choose another address with --listen.");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static void AddUris(IList<Uri> target, string[]? values, string flag, List<string> problems)
    {
        foreach (var value in values ?? [])
        {
            if (Uri.TryCreate(value, UriKind.Absolute, out var uri))
            {
                target.Add(uri);
            }
            else
            {
                problems.Add($"{flag} '{value}' is not a URL: use SCHEME://HOST:PORT.");
            }
        }
    }
}
