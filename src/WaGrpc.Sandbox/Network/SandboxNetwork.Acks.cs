using System.Text.Json.Nodes;

namespace WaGrpc.Sandbox.Network;

// Acks and decryption on a schedule (settings autoDeliverMs, autoReadMs, ciphertextMs), resumed after a restart.
public sealed partial class SandboxNetwork
{
    private void ScheduleAcks(string serializedId)
    {
        var settings = Settings;
        if (settings.AutoDeliverMs >= 0)
        {
            _ = AfterAsync(settings.AutoDeliverMs, () =>
            {
                ApplyAutoAck(serializedId, 2);
                if (settings.AutoReadMs >= 0)
                {
                    _ = AfterAsync(settings.AutoReadMs, () => ApplyAutoAck(serializedId, 3));
                }
            });
        }
    }

    private void ApplyAutoAck(string serializedId, int ack)
    {
        SentMessage? last = null;
        lock (_store.Gate)
        {
            foreach (var message in _store.Sent.Find(m => m.SerializedId == serializedId && m.Ack < ack).ToList())
            {
                message.Ack = ack;
                _store.Sent.Update(message);
                last = message;
            }
        }

        if (last is not null)
        {
            PushAck(last);
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
                _ = AfterAsync(settings.AutoReadMs, () => ApplyAutoAck(message.SerializedId, 3));
            }
        }
    }

    private void PushAck(SentMessage message)
    {
        if (ActivePage() is not { } page)
        {
            return;
        }

        page.Send(new JsonObject { ["type"] = "ack", ["id"] = $"true_{WireChatOf(message, Settings.LidAddressing)}_{message.KeyId}", ["ack"] = message.Ack });
        lock (_store.Gate)
        {
            foreach (var row in _store.Sent.Find(m => m.SerializedId == message.SerializedId && m.AckPushed < message.Ack).ToList())
            {
                row.AckPushed = message.Ack;
                _store.Sent.Update(row);
            }
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
