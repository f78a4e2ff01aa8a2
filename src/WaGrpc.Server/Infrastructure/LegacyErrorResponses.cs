using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace WaGrpc.Server.Infrastructure;

/// <summary>
/// The REST errors as the document shows them: the legacy <c>{"error": "..."}</c> body
/// (<see cref="LegacyErrorMiddleware"/>) with the statuses the gateway answers, instead of the
/// google.rpc.Status the transcoding would otherwise describe.
/// </summary>
internal sealed class LegacyErrorResponses : IOperationFilter
{
    private const string SchemaId = "LegacyError";

    private static readonly (string Code, string Description)[] Errors =
    [
        ("400", "Bad input: the error names the field."),
        ("401", "No token, or a wrong one."),
        ("413", "The request is larger than MaxFileBytes allows."),
        ("429", "Too many requests for this token (see Retry-After)."),
        ("503", "The WhatsApp session cannot act now (not authenticated, or the browser is down)."),
    ];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.SchemaRepository.Schemas.ContainsKey(SchemaId))
        {
            context.SchemaRepository.AddDefinition(SchemaId, new OpenApiSchema
            {
                Type = "object",
                Description = "A refused or failed call.",
                Required = new HashSet<string> { "error" },
                Properties = new Dictionary<string, OpenApiSchema> { ["error"] = new() { Type = "string", Description = "What went wrong, in words." } },
            });
        }

        operation.Responses.Remove("default");
        foreach (var (code, description) in Errors)
        {
            operation.Responses[code] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchema { Reference = new OpenApiReference { Type = ReferenceType.Schema, Id = SchemaId } } },
                },
            };
        }
    }
}
