using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using WaGrpc.Core;
using WaGrpc.Core.Engine;

namespace WaGrpc.Server.Infrastructure;

/// <summary>
/// Maps domain exceptions to gRPC statuses in one place: invalid input → INVALID_ARGUMENT with a
/// BadRequest field violation, not ready → FAILED_PRECONDITION, engine down → UNAVAILABLE.
/// Transcoded REST calls turn these into 400 / 400 / 503 with a legacy {"error"} body.
/// </summary>
public sealed partial class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (Map(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (Map(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    private RpcException? Map(Exception ex, ServerCallContext context)
    {
        switch (ex)
        {
            case RpcException:
                return null;
            case ValidationException validation when RestRequests.IsTranscoded(context):
                // REST answers only carry the message ({"error"}); the transcoding cannot write the details.
                return new RpcException(new Grpc.Core.Status(StatusCode.InvalidArgument, validation.Message));
            case ValidationException validation:
                return new Google.Rpc.Status
                {
                    Code = (int)Code.InvalidArgument,
                    Message = validation.Message,
                    Details =
                    {
                        Any.Pack(new BadRequest
                        {
                            FieldViolations = { new BadRequest.Types.FieldViolation { Field = validation.Field, Description = validation.Message } },
                        }),
                    },
                }.ToRpcException();
            case NotReadyException:
                return new RpcException(new Grpc.Core.Status(StatusCode.FailedPrecondition, ex.Message));
            case EngineException:
                return new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, ex.Message));
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Grpc.Core.Status(StatusCode.Cancelled, "The call was cancelled."));
            default:
                LogUnexpected(ex, context.Method);
                return new RpcException(new Grpc.Core.Status(StatusCode.Internal, "Internal error; see the server log."));
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unexpected error in {Method}")]
    private partial void LogUnexpected(Exception ex, string method);
}
