using System.Text;
using Google.Rpc;
using Grpc.Core;
using StatusCode = Grpc.Core.StatusCode;

namespace WaGrpc.Examples.Client;

/// <summary>Turns a refused call into one clear message, with the field violations of a bad request.</summary>
public static class RpcErrors
{
    public static string Describe(RpcException ex, ClientSettings settings)
    {
        var text = new StringBuilder($"error: {CodeName(ex.StatusCode)}: {ex.Status.Detail}");
        switch (ex.StatusCode)
        {
            case StatusCode.Unauthenticated:
                text.Append(" (check WAGRPC_TOKEN: the gateway's WaGrpc:Token)");
                break;
            case StatusCode.Unavailable:
                text.Append($" (is the gateway's gRPC endpoint at {settings.Address}?)");
                break;
            case StatusCode.InvalidArgument:
                // The gateway puts a google.rpc.BadRequest in the status details: which field, and why.
                foreach (var violation in ex.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations ?? [])
                {
                    text.Append($"\n  field {violation.Field}: {violation.Description}");
                }

                break;
        }

        return text.ToString();
    }

    // "InvalidArgument" → "INVALID_ARGUMENT", the name every gRPC language uses.
    private static string CodeName(StatusCode code)
    {
        var name = new StringBuilder();
        foreach (var c in code.ToString())
        {
            if (char.IsUpper(c) && name.Length > 0)
            {
                name.Append('_');
            }

            name.Append(char.ToUpperInvariant(c));
        }

        return name.ToString();
    }
}
