using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace WaGrpc.Sandbox.Network;

// Acks and decryption on a schedule (settings autoDeliverMs, autoReadMs, ciphertextMs), resumed after a restart.
public sealed partial class SandboxNetwork
{
    private readonly ConcurrentQueue<(string Id, int Ack)> _dueAcks = new();
    private int _applyingAcks;

    private void ScheduleAcks(string serializedId)
    {
        var settings = Settings;
        if (settings.AutoDeliverMs >= 0)
        {
            _ = AfterAsync(settings.AutoDeliverMs, () => AckDue(serializedId, 2));
        }
    }

    // Each ack is due on its own timer; the due ones are applied together, as the receipts of many
    // messages travel in one stanza: one commit and no lock taken per message.
    private void AckDue(string serializedId, int ack)
    {
        _dueAcks.Enqueue((serializedId, ack));
        while (!_dueAcks.IsEmpty && Interlocked.CompareExchange(ref _applyingAcks, 1, 0) == 0)
        {
            try
            {
                ApplyDueAcks();
            }
            finally
            {
                Volatile.Write(ref _applyingAcks, 0);
            }
        }
    }

    private void ApplyDueAcks()
    {
        var due = new List<(string Id, int Ack)>();
        while (_dueAcks.TryDequeue(out var item))
        {
            due.Add(item);
        }

        var changed = new Dictionary<string, SentMessage>();
        lock (_store.Gate)
        {
            _store.InOneCommit(() =>
            {
                foreach (var (id, ack) in due)
                {
                    foreach (var message in _store.Sent.Find(m => m.SerializedId == id && m.Ack < ack).ToList())
                    {
                        message.Ack = ack;
                        _store.Sent.Update(message);
                        changed[id] = message;
                    }
                }
            });
        }

        PushAcks(changed.Values);
        var readMs = Settings.AutoReadMs;
        if (readMs >= 0)
        {
            foreach (var (id, _) in due.Where(d => d.Ack == 2))
            {
                _ = AfterAsync(readMs, () => AckDue(id, 3));
            }
        }
    }

    // After a restart, acks that were still to come are scheduled again.
    private void ResumePendingAcks()
    {
        var settings = _store.CurrentSettings;
        foreach (var message in _store.Sent.Find(m => m.Ack < 3).ToList())
        {
            if (message.Ack < 2)
            {
                ScheduleAcks(message.SerializedId);
            }
            else if (settings.AutoReadMs >= 0)
            {
                _ = AfterAsync(settings.AutoReadMs, () => AckDue(message.SerializedId, 3));
            }
        }
    }

    private void PushAck(SentMessage message) => PushAcks([message]);

    // Tells the page, then records what it was told (a page that connects later is told the rest).
    private void PushAcks(IReadOnlyCollection<SentMessage> messages)
    {
        if (messages.Count == 0 || ActivePage() is not { } page)
        {
            return;
        }

        var lids = Settings.LidAddressing;
        foreach (var message in messages)
        {
            page.Send(new JsonObject { ["type"] = "ack", ["id"] = $"true_{WireChatOf(message, lids)}_{message.KeyId}", ["ack"] = message.Ack });
        }

        lock (_store.Gate)
        {
            _store.InOneCommit(() =>
            {
                foreach (var message in messages)
                {
                    foreach (var row in _store.Sent.Find(m => m.SerializedId == message.SerializedId && m.AckPushed < message.Ack).ToList())
                    {
                        row.AckPushed = message.Ack;
                        _store.Sent.Update(row);
                    }
                }
            });
        }
    }

    private void ScheduleDecrypt(long seq) => _ = AfterAsync(Settings.CiphertextMs, () =>
    {
        InboxMessage? message;
        lock (_store.Gate)
        {
            message = _store.Inbox.FindById(seq);
            if (message is null || message.Decrypted)
            {
                return;
            }

            message.Decrypted = true;
            _store.Inbox.Update(message);
        }

        ActivePage()?.Send(new JsonObject { ["type"] = "msg_decrypted", ["msg"] = Serialize(message, decrypted: true, Settings.LidAddressing) });
    });

    private async Task AfterAsync(int delayMs, Action action)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, delayMs)), _time, _shutdown.Token);
            action();
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            LogTimerFailed(ex);
        }
    }

    // The chat a sent message is in, as the page addresses it (what it sent to, else by the setting).
}
