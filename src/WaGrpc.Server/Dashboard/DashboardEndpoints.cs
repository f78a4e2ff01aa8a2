namespace WaGrpc.Server.Dashboard;

/// <summary>
/// The operator dashboard on the Rest endpoint: a plain page (/dashboard) with its script and
/// style, embedded in this assembly. The files are open (they hold no data, like the stand-in
/// page's files); everything the page shows it asks the API for with the token, which the person
/// types in (or passes once as ?token=) and the page keeps in its sessionStorage.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>Where the dashboard is served.</summary>
    public const string Path = "/dashboard";

    // Scripts and styles from this origin only, nothing inline; the QR is a blob: URL of the PNG
    // the page fetched with the token; the page talks to this gateway alone and is never framed.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Maps the dashboard's files, open to anyone (AllowAnonymous).</summary>
    public static IEndpointRouteBuilder MapWaGrpcDashboard(this IEndpointRouteBuilder app)
    {
        // A page, not part of the API: left out of the OpenAPI document.
        var files = app.MapGroup(Path).AllowAnonymous().ExcludeFromDescription();
        // /dashboard and /dashboard/ are the page; the page names its files by absolute paths.
        files.MapGet("/{**file}", (HttpContext http, string? file) => File(http, string.IsNullOrEmpty(file) ? "index.html" : file));
        return app;
    }

    private static IResult File(HttpContext http, string name)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";

        var type = System.IO.Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => null,
        };
        var stream = type is null ? null : typeof(DashboardEndpoints).Assembly.GetManifestResourceStream($"dashboard/{name}");
        return stream is null
            ? Results.Json(new { error = $"No file {name}" }, statusCode: StatusCodes.Status404NotFound)
            : Results.Stream(stream, type);
    }
}
