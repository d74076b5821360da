using ClusterLocator.Controller.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ClusterLocator.Controller.Embedding;

/// <summary>
/// Puts, first in the application's pipeline, the middleware that counts each request in flight as a
/// session, and answers 503 + <c>ClusterLocator-Relocate</c> beyond the maximum or while draining.
/// </summary>
internal sealed class RequestCountingStartupFilter(SessionGate gate) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (!gate.TryEnter())
            {
                await Relocation.RespondAsync(context, gate.IsDraining ? "This instance is draining." : "This instance is at its request limit.");
                return;
            }

            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                gate.Exit();
            }
        });
        next(app);
    };
}
