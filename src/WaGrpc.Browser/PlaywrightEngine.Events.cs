using System.Text.Json;
using WaGrpc.Core.Engine;

namespace WaGrpc.Browser;

// Page -> gateway: the bridge's batches, read in order by a single reader.
public sealed partial class PlaywrightEngine
{
    private async Task ReadPageEventsAsync(CancellationToken stopping)
    {
        await foreach (var batch in _inbox.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await HandleBatchAsync(batch, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogEventsFailed(ex);
            }
        }
    }

    private async Task HandleBatchAsync(string batch, CancellationToken stopping)
    {
        using var document = JsonDocument.Parse(batch);
        var facts = new List<EngineFact>();
        var answers = new List<(long Id, JsonElement Answer)>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var kind = item.GetProperty("kind").GetString();
            if (kind == "result")
            {
                // Answered once the facts of this batch (the sent message's echo among them) are committed.
                answers.Add((item.GetProperty("id").GetInt64(), item.GetProperty("answer").Clone()));
                continue;
            }

            if (kind is "msg" or "ack")
            {
                if (PageEvents.ToFact(item) is { } fact)
                {
                    facts.Add(fact);
                }

                continue;
            }

            // Keep the order: what happened before a status change is committed first.
            await FlushAsync(facts, stopping);
            switch (kind)
            {
                case "ready":
                    // A new document: the one that was to answer the calls still open is gone.
                    _calls.FailAll("WhatsApp Web was reloaded before it answered.");
                    var page = PageEvents.ToPageDetails(item);
                    LogPageReady(page.WhatsAppWebVersion, page.WaJsVersion, item.GetProperty("url").GetString() ?? "?");
                    if (page.Missing.Count > 0)
                    {
                        LogWaJsMissing(page.WaJsVersion, string.Join(", ", page.Missing), string.Join(", ", page.DisabledFeatures));
                    }

                    await ReportAsync(_status.Page(page), stopping);
                    break;
                case "fatal":
                    var error = item.GetProperty("error").GetString() ?? "unknown error";
                    LogPageFatal(error);
                    await ReportAsync(new EngineStatus(AccountStatus.Loading, Details: new StatusDetails("opening", "WhatsApp Web cannot be driven", error, Reason: "page_error")), stopping);
                    break;
                case "state":
                    var wasAuthenticated = _status.Current.Status == AccountStatus.Authenticated;
                    var status = _status.State(item.GetProperty("state").GetString() ?? "", item.GetProperty("synced").GetBoolean());
                    if (status.Status == AccountStatus.Authenticated && !wasAuthenticated)
                    {
                        // Saved before it is reported: whoever sees "authenticated" can rely on the copy.
                        await SaveSnapshotAsync("login", stopping);
                    }

                    await ReportAsync(status, stopping);
                    break;
                case "qr":
                    if (!await TryRestoreSnapshotAsync(stopping))
                    {
                        // A QR code means no login; a copy still kept is one the network refused,
                        // unless it could not be put back at all (then the next start tries again).
                        if (!_restoreFailed)
                        {
                            await ForgetSnapshotAsync(stopping);
                        }

                        await ReportAsync(_status.Qr(item.GetProperty("text").GetString() ?? ""), stopping);
                    }

                    break;
                case "logout":
                    LogLoggedOut();
                    await ForgetSnapshotAsync(stopping);
                    await ReportAsync(_status.LoggedOut(), stopping);
                    break;
            }
        }

        await FlushAsync(facts, stopping);
        foreach (var (id, answer) in answers)
        {
            _calls.Answer(id, answer);
        }
    }

    private async Task FlushAsync(List<EngineFact> facts, CancellationToken stopping)
    {
        if (facts.Count == 0 || _events is null)
        {
            return;
        }

        await _events.FactsAsync([.. facts], stopping);
        facts.Clear();
    }

    private async Task ReportAsync(EngineStatus status, CancellationToken stopping)
    {
        if (_events is not null)
        {
            await _events.StatusChangedAsync(status, stopping);
        }
    }
}
