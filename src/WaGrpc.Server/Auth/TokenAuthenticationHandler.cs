using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using WaGrpc.Server.Infrastructure;

namespace WaGrpc.Server.Auth;

/// <summary>
/// The one check of the API token, for everything the gateway serves: REST (legacy and
/// transcoded), gRPC, media, the sandbox's phone API and anything mapped later (the fallback
/// policy requires it unless an endpoint says AllowAnonymous). The token comes as
/// "authorization: Bearer &lt;token&gt;" or, outside gRPC, "?token=&lt;token&gt;", and is compared
/// in constant time. A refusal is a legacy 401 <c>{"error"}</c> on REST and UNAUTHENTICATED on gRPC.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, InstanceToken token)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "WaGrpcToken";

    /// <summary>The claim naming whose token it is (<see cref="InstanceToken.Id"/>, never the token): the rate limiter's partition.</summary>
    public const string TokenIdClaim = "wagrpc:token-id";

    private const string Missing = "Missing token: pass ?token=<token> (REST) or the header 'authorization: Bearer <token>' (gRPC).";
    private const string Wrong = "Wrong token.";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = TokenReader.Read(Context);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!token.Matches(presented))
        {
            return Task.FromResult(AuthenticateResult.Fail(Wrong));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "instance"), new Claim(TokenIdClaim, token.Id)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var message = result.Failure is null ? Missing : Wrong;
        if (RestRequests.IsGrpc(Request))
        {
            GrpcRefusal.Write(Response, Grpc.Core.StatusCode.Unauthenticated, message);
            return;
        }

        await LegacyErrorMiddleware.WriteErrorAsync(Response, StatusCodes.Status401Unauthorized, message);
    }
}
