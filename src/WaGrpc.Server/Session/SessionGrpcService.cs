using Google.Api;
using Google.Protobuf;
using Grpc.Core;
using WaGrpc.Contracts.Session.V1;
using WaGrpc.Core;
using WaGrpc.Core.Engine;
using WaGrpc.Core.Messaging;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Storage;

namespace WaGrpc.Server.Session;

/// <summary>The session service: status, QR code, logout, reboot, status stream, status history, takeover, retry, expiry.</summary>
public sealed class SessionGrpcService(SessionState state, IWhatsAppEngine engine, EventLog eventLog) : SessionService.SessionServiceBase
{
    public override Task<GetInstanceStatusesResponse> GetInstanceStatuses(GetInstanceStatusesRequest request, ServerCallContext context)
    {
        UnixTimeRange.Check(request.HasMinTime, request.MinTime, request.HasMaxTime, request.MaxTime);

        var from = request.HasMinTime ? Math.Min(request.MinTime, long.MaxValue / 1000) * 1000 : 0;
        var to = request.HasMaxTime ? Math.Min(request.MaxTime, (long.MaxValue / 1000) - 1) * 1000 + 999 : long.MaxValue;
        var response = new GetInstanceStatusesResponse();
        response.Data.AddRange(eventLog.ReadStatuses(from, to).Select(s => new InstanceStatus { Date = s.Time / 1000, Status = s.AccountStatus }));
        return Task.FromResult(response);
    }

    public override async Task<TakeoverResponse> Takeover(TakeoverRequest request, ServerCallContext context)
    {
        if (state.Current.Details?.Reason != "conflict")
        {
            return new TakeoverResponse { AccountStatus = "Takeover request not sent because reason don't equals \"conflict\"" };
        }

        await engine.TakeoverAsync(context.CancellationToken);
        return new TakeoverResponse { AccountStatus = "Takeover request sent to WhatsApp" };
    }

    public override async Task<RetryResponse> Retry(RetryRequest request, ServerCallContext context)
    {
        await engine.RebootAsync(context.CancellationToken);
        return new RetryResponse { AccountStatus = "Retry request sent to WhatsApp" };
    }

    // Sessions here never expire (no paid plan, no substatus "expired").
    public override Task<ExpiryResponse> Expiry(ExpiryRequest request, ServerCallContext context) =>
        Task.FromResult(new ExpiryResponse
        {
            AccountStatus = state.Current.Details?.Substatus == "expired"
                ? "Expiry request sent to WhatsApp"
                : "Expiry request not sent because substatus don't equals \"expired\"",
        });

    public override Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        var snapshot = state.Current;
        var response = new GetStatusResponse { AccountStatus = snapshot.Status.ToLegacyName() };
        if (snapshot.QrDataUri is { } qr)
        {
            response.QrCode = qr;
        }

        if (snapshot.Details is { } details)
        {
            response.StatusData = ToProto(details);
        }

        if (snapshot.Page is { } page)
        {
            response.Page = ToProto(page);
        }

        return Task.FromResult(response);
    }

    public override Task<HttpBody> GetQrCode(GetQrCodeRequest request, ServerCallContext context)
    {
        var snapshot = state.Current;
        if (snapshot.QrPng is null)
        {
            throw new NotReadyException($"No QR code to scan: the account status is '{snapshot.Status.ToLegacyName()}'.");
        }

        return Task.FromResult(new HttpBody { ContentType = "image/png", Data = ByteString.CopyFrom(snapshot.QrPng) });
    }

    public override async Task<RequestPairingCodeResponse> RequestPairingCode(RequestPairingCodeRequest request, ServerCallContext context)
    {
        var phone = request.Phone.Trim();
        if (!ChatIds.IsPhone(phone))
        {
            throw new ValidationException("phone", $"phone '{phone}' is not a valid phone number: use 7 to 15 digits, country code first, no '+'");
        }

        var status = state.Current.Status;
        if (status != AccountStatus.GotQrCode)
        {
            throw new NotReadyException($"A pairing code is only given while the session waits for a login: the account status is '{status.ToLegacyName()}'.");
        }

        return new RequestPairingCodeResponse { Code = await engine.RequestPairingCodeAsync(phone, context.CancellationToken) };
    }

    public override async Task<LogoutResponse> Logout(LogoutRequest request, ServerCallContext context)
    {
        await engine.LogoutAsync(context.CancellationToken);
        return new LogoutResponse { Result = "Logout request sent to WhatsApp" };
    }

    public override async Task<RebootResponse> Reboot(RebootRequest request, ServerCallContext context)
    {
        await engine.RebootAsync(context.CancellationToken);
        return new RebootResponse { Success = true };
    }

    public override async Task WatchStatus(WatchStatusRequest request, IServerStreamWriter<WatchStatusResponse> responseStream, ServerCallContext context)
    {
        try
        {
            await foreach (var snapshot in state.WatchAsync(context.CancellationToken))
            {
                var item = new WatchStatusResponse { AccountStatus = snapshot.Status.ToLegacyName(), Time = snapshot.Time.ToUnixTimeMilliseconds() };
                if (snapshot.QrDataUri is { } qr)
                {
                    item.QrCode = qr;
                }

                if (snapshot.Details is { } details)
                {
                    item.StatusData = ToProto(details);
                }

                if (snapshot.Page is { } page)
                {
                    item.Page = ToProto(page);
                }

                await responseStream.WriteAsync(item, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away: the normal end of a watch.
        }
    }

    private static PageInfo ToProto(PageDetails page)
    {
        var info = new PageInfo { WaJsVersion = page.WaJsVersion, WhatsappWebVersion = page.WhatsAppWebVersion };
        info.Missing.AddRange(page.Missing);
        info.DisabledFeatures.AddRange(page.DisabledFeatures);
        return info;
    }

    private static StatusData ToProto(StatusDetails details)
    {
        var data = new StatusData
        {
            Substatus = details.Substatus,
            Title = details.Title,
            Msg = details.Msg,
            Submsg = details.Submsg,
            Reason = details.Reason,
        };
        data.Actions.AddRange(details.Actions ?? []);
        return data;
    }
}
