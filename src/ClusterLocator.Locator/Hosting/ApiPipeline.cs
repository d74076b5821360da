using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using ClusterLocator.Locator.Api;
using ClusterLocator.Locator.Sharing;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Locator.Hosting;

/// <summary>
/// What the locator's own process adds around the API: a problem (RFC 9457) for every error the
/// framework answers rather than a handler (an unknown route, a wrong method, an unreadable request,
/// a failure), and the OpenAPI document at <see cref="FrameworkProblems.DocumentPath"/>. An
/// application that hosts the locator keeps its own pipeline and documents.
/// </summary>
internal static class ApiPipeline
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = FrameworkProblems.Customize);
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        services.ConfigureHttpJsonOptions(json =>
        {
            // The document's schemas come from the protocol's source-generated contexts, and the
            // framework's problems escape quotes as sparingly as the locator's own.
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ProtocolJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(1, SharingJsonContext.Default);
            json.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

            // As the protocol reads them: a number sent as a string is refused (the web default reads it).
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddOpenApi(LocatorOpenApi.DocumentName, LocatorOpenApi.Configure);
    }

    /// <summary>
    /// The middleware, in front of the endpoints: a failure's problem, then the problem of a request
    /// that no route takes (404), or that a route takes with another method (405: the endpoint routing
    /// chooses then is not a route's).
    /// </summary>
    public static void Use(WebApplication app)
    {
        app.UseExceptionHandler();

        // The locator's routes write their own problems: only the others pay for the status code
        // pages' per-request feature, so a locate runs as it did.
        app.UseWhen(context => context.GetEndpoint() is not RouteEndpoint, other => other.UseStatusCodePages());
    }

    /// <summary>Serves the document under the API's access rules.</summary>
    public static void MapDocument(WebApplication app) =>
        app.MapOpenApi("/openapi/{documentName}.json").Add(app.Services.GetRequiredService<LoopbackHostFilter>().Apply);
}
