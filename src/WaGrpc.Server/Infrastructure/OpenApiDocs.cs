using Microsoft.OpenApi.Models;

namespace WaGrpc.Server.Infrastructure;

/// <summary>
/// The OpenAPI document of the REST surface, generated from the gRPC services' HTTP rules (the
/// legacy paths, their parameters and answer shapes come from the protos and their comments), at
/// <see cref="DocumentPath"/>, with Swagger UI at <see cref="UiPath"/>. Both are open: they
/// describe the API and hold nothing of an instance; every call they describe needs the token.
/// </summary>
public static class OpenApiDocs
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string UiPath = "/swagger";

    private const string QueryToken = "token";
    private const string BearerToken = "bearer";

    public static IServiceCollection AddWaGrpcOpenApi(this IServiceCollection services)
    {
        services.AddGrpcSwagger();
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.OperationFilter<LegacyErrorResponses>();
            // The sandbox's phone API and stand-in files are described in docs/sandbox.md, not here.
            options.DocInclusionPredicate((_, api) => api.RelativePath?.StartsWith("sandbox", StringComparison.Ordinal) != true);
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "WaGrpc REST API",
                Version = "v1",
                Description = "The legacy Chat API paths and JSON shapes, served by JSON transcoding of the gRPC services. " +
                    "Every call needs the instance token: `?token=` or `Authorization: Bearer`. Form bodies are accepted too.",
            });
            options.AddSecurityDefinition(QueryToken, new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Query, Name = "token" });
            options.AddSecurityDefinition(BearerToken, new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer" });
            options.AddSecurityRequirement(new OpenApiSecurityRequirement
            {
                [new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = QueryToken } }] = [],
            });
            options.AddSecurityRequirement(new OpenApiSecurityRequirement
            {
                [new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = BearerToken } }] = [],
            });
            foreach (var xml in Directory.EnumerateFiles(AppContext.BaseDirectory, "WaGrpc.Server.xml"))
            {
                options.IncludeXmlComments(xml);
                options.IncludeGrpcXmlComments(xml, includeControllerXmlComments: true);
            }
        });
        return services;
    }

    /// <summary>Swagger UI's files; call before the token check.</summary>
    public static WebApplication UseWaGrpcOpenApiUi(this WebApplication app)
    {
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = UiPath.TrimStart('/');
            options.SwaggerEndpoint(DocumentPath, "WaGrpc REST API v1");
            options.DocumentTitle = "WaGrpc REST API";
        });
        return app;
    }

    /// <summary>The document itself.</summary>
    public static WebApplication MapWaGrpcOpenApi(this WebApplication app)
    {
        app.MapSwagger("/openapi/{documentName}.json").AllowAnonymous();
        return app;
    }
}
