using ClusterLocator.Controller.Hosting;
using ClusterLocator.Protocol.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace ClusterLocator.Controller.Diagnostics;

/// <summary>
/// How a standalone controller exports its telemetry: its meter, the runtime's and Kestrel's to
/// <c>/metrics</c> on the <see cref="AdminListener"/> and, when asked, everything to an OTLP collector.
/// An application that embeds a controller exports the meter <see cref="ControllerTaskFailures.MeterName"/> its own way.
/// </summary>
internal static class ControllerTelemetry
{
    public static void Add(IServiceCollection services, ControllerOptions options)
    {
        var otlp = options.OtlpEndpoint is not null && OtlpEndpoint.TryParse(options.OtlpEndpoint, out var collector) ? collector : null;
        if (options.AdminUrls.Count == 0 && otlp is null)
        {
            return;
        }

        var telemetry = services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(ControllerTaskFailures.MeterName, "System.Runtime", "Microsoft.AspNetCore.Server.Kestrel");
            if (options.AdminUrls.Count > 0)
            {
                metrics.AddPrometheusExporter();
            }
        });
        if (otlp is not null)
        {
            telemetry.UseOtlpExporter(OtlpEndpoint.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, otlp);
        }

        // ControllerMetrics needs no start of its own: the reporting agent, a hosted service, takes it.
        if (options.AdminUrls.Count > 0)
        {
            services.AddSingleton<AdminListener>();
            services.AddHostedService(sp => sp.GetRequiredService<AdminListener>());
        }
    }
}
