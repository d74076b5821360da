using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

// The floor under GET /v1/locate for bench/run-http.sh: Kestrel with the locator's transport and
// server settings (LocatorHost), no routing, no middleware, answering every request with the bytes
// of a placement the locator gave, its Content-Type and a Content-Length. What the locator spends
// above this is its own.
//
//   ClusterLocator.BareKestrel URL BODY-FILE CONTENT-TYPE
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: ClusterLocator.BareKestrel URL BODY-FILE CONTENT-TYPE");
    return 2;
}

var body = File.ReadAllBytes(args[1]);
var contentType = args[2];
var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls(args[0]);
builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
var app = builder.Build();
app.Run(context =>
{
    var response = context.Response;
    response.ContentType = contentType;
    response.ContentLength = body.Length;
    // Into the response's pipe without a flush of its own, as the locator writes a placement: Kestrel
    // sends it with the end of the response.
    response.BodyWriter.Write(body);
    return Task.CompletedTask;
});
await app.RunAsync();
return 0;
