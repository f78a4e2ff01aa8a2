using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Server.Instances;

namespace WaGrpc.Server.Auth;

/// <summary>
/// The one check of the API token, for everything the gateway serves: REST (legacy and
/// transcoded), gRPC, media, the sandbox's phone API and anything mapped later (the fallback
/// policy requires it unless an endpoint says AllowAnonymous). The token comes as
/// "authorization: Bearer &lt;token&gt;" or, outside gRPC, "?token=&lt;token&gt;", and is compared
/// in constant time with the token of the request's instance (<see cref="InstanceFeature"/>), or
/// with the admin token for the admin API: a token reaches its own instance and nothing else.
/// A refusal is a legacy 401 <c>{"error"}</c> on REST and UNAUTHENTICATED on gRPC.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AdminToken admin)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "WaGrpcToken";

    /// <summary>The claim naming whose token it is (<see cref="InstanceToken.Id"/>, never the token): the rate limiter's partition.</summary>
    public const string TokenIdClaim = "wagrpc:token-id";

    private const string Missing = "Missing token: pass ?token=<token> (REST) or the header 'authorization: Bearer <token>' (gRPC).";
    private const string Wrong = "Wrong token.";
    private const string AdminOff = "The admin API is off: set WaGrpc:AdminToken.";

    /// <summary>The role claim's value of the admin token.</summary>
    public const string AdminRole = "admin";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var feature = Context.Features.Get<InstanceFeature>();
        var forAdmin = feature is null or { Admin: true };
        if (forAdmin && !admin.Configured)
        {
            return Task.FromResult(AuthenticateResult.Fail(AdminOff));
        }

        var presented = TokenReader.Read(Context);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (forAdmin)
        {
            return Task.FromResult(admin.Matches(presented) ? Success(AdminRole, admin.Id) : AuthenticateResult.Fail(Wrong));
        }

        var token = feature!.Instance!.Services.GetRequiredService<InstanceToken>();
        return Task.FromResult(token.Matches(presented) ? Success("instance", token.Id) : AuthenticateResult.Fail(Wrong));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var message = result.Failure?.Message ?? Missing;
        if (RestRequests.IsGrpc(Request))
        {
            GrpcRefusal.Write(Response, Grpc.Core.StatusCode.Unauthenticated, message);
            return;
        }

        await LegacyErrorMiddleware.WriteErrorAsync(Response, StatusCodes.Status401Unauthorized, message);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        const string message = "This token does not reach this endpoint.";
        if (RestRequests.IsGrpc(Request))
        {
            GrpcRefusal.Write(Response, Grpc.Core.StatusCode.PermissionDenied, message);
            return;
        }

        await LegacyErrorMiddleware.WriteErrorAsync(Response, StatusCodes.Status403Forbidden, message);
    }

    private static AuthenticateResult Success(string role, string tokenId)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, role), new Claim(ClaimTypes.Role, role), new Claim(TokenIdClaim, tokenId)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
