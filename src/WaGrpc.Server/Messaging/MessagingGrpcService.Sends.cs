using Grpc.Core;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Core;
using WaGrpc.Core.Messaging;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Server.Messaging;

// The sends of the later legacy API: each is checked whole, then committed as queue entries
// before the answer, like SendMessage; the dispatcher sends them in order.
public sealed partial class MessagingGrpcService
{
    private const int MaxContacts = 50;
    private const int MaxForwards = 50;
    private const int MaxAddressLength = 1_000;
    private const int MaxTitleLength = 1_000;
    private const int MaxDescriptionLength = 5_000;
    private const int MaxUrlLength = 4_096;
    private const int MaxPreviewBytes = 512 * 1024;

    /// <summary>The MIME type voice notes are sent with (WhatsApp's: Ogg Opus).</summary>
    public const string VoiceNoteMimeType = "audio/ogg; codecs=opus";

    public override async Task<SendLocationResponse> SendLocation(SendLocationRequest request, ServerCallContext context)
    {
        var chatId = ChatIds.ResolveTarget(request.Phone, request.ChatId);
        var lat = Coordinate(request.HasLat, request.Lat, "lat", 90);
        var lng = Coordinate(request.HasLng, request.Lng, "lng", 180);
        var address = Limited(request.Address, "address", MaxAddressLength);
        var entry = await EnqueueAsync(chatId, QueueKind.Location, MessageTypes.LocationBody(lat, lng), e =>
        {
            (e.Latitude, e.Longitude, e.Address) = (lat, lng, address);
        });
        return new SendLocationResponse { Sent = true, Message = QueuedMessage(), Id = entry.MessageId, QueueNumber = entry.QueueNumber };
    }

    public override async Task<SendContactResponse> SendContact(SendContactRequest request, ServerCallContext context)
    {
        var chatId = ChatIds.ResolveTarget(request.Phone, request.ChatId);
        var contacts = new List<string>();
        foreach (var raw in request.ContactId.Select(c => c.Trim()))
        {
            contacts.Add(ChatIds.IsPhone(raw) ? ChatIds.FromPhone(raw)
                : ChatIds.IsPerson(raw) ? raw
                : throw new ValidationException("contactId", $"contactId: '{raw}' is not a person's chat id (<digits>@c.us)"));
        }

        contacts = contacts.Distinct().ToList();
        if (contacts.Count == 0)
        {
            throw new ValidationException("contactId", "contactId is required: a contact's chat id (<digits>@c.us), or a list of them");
        }

        if (contacts.Count > MaxContacts)
        {
            throw new ValidationException("contactId", $"contactId names more than {MaxContacts} contacts");
        }

        var entry = await EnqueueAsync(chatId, QueueKind.Contact, string.Join(",", contacts), e => e.ContactIds = contacts);
        return new SendContactResponse { Sent = true, Message = QueuedMessage(), Id = entry.MessageId, QueueNumber = entry.QueueNumber };
    }

    public override async Task<SendVCardResponse> SendVCard(SendVCardRequest request, ServerCallContext context)
    {
        var chatId = ChatIds.ResolveTarget(request.Phone, request.ChatId);
        var (vcard, name) = VCards.Validate(request.Vcard, "vcard", MaxBodyLength);
        var entry = await EnqueueAsync(chatId, QueueKind.VCard, vcard, e => e.DisplayName = name);
        return new SendVCardResponse { Sent = true, Message = QueuedMessage(), Id = entry.MessageId, QueueNumber = entry.QueueNumber };
    }

    public override async Task<SendLinkResponse> SendLink(SendLinkRequest request, ServerCallContext context)
    {
        var chatId = ChatIds.ResolveTarget(request.Phone, request.ChatId);
        var link = request.Body?.Trim() ?? "";
        if (link.Length == 0)
        {
            throw new ValidationException("body", "body is required: the link, an http(s) URL");
        }

        if (link.Length > MaxUrlLength || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ValidationException("body", $"body must be an http(s) URL of at most {MaxUrlLength} characters");
        }

        var title = Limited(request.Title, "title", MaxTitleLength);
        var description = Limited(request.Description, "description", MaxDescriptionLength);
        var preview = PreviewImage(request.PreviewBase64);
        var entry = await EnqueueAsync(chatId, QueueKind.Link, link, e =>
        {
            (e.Title, e.Description, e.ThumbnailBase64) = (title, description, preview);
        });
        return new SendLinkResponse { Sent = true, Message = QueuedMessage(), Id = entry.MessageId, QueueNumber = entry.QueueNumber };
    }

    public override async Task<SendPttResponse> SendPtt(SendPttRequest request, ServerCallContext context)
    {
        const string filename = "voice.ogg";
        var chatId = ChatIds.ResolveTarget(request.Phone, request.ChatId);
        var source = FileSource.Parse(request.Audio ?? "", filename, options.Value.MaxFileBytes, "audio");
        if (source.Url is { } url)
        {
            fetchGuard.CheckUrl(url, "audio");
        }
        else if (!source.MimeType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) && !source.MimeType.Equals("application/ogg", StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationException("audio", $"audio must be an Ogg Opus file (data:audio/ogg;base64,...), not {source.MimeType}");
        }

        var entry = await EnqueueAsync(chatId, QueueKind.Ptt, source.Url?.ToString() ?? filename, e =>
        {
            (e.Filename, e.MimeType) = (filename, VoiceNoteMimeType);
        }, source.Content);
        return new SendPttResponse { Sent = true, Message = QueuedMessage(), Id = entry.MessageId, QueueNumber = entry.QueueNumber };
    }

    public override async Task<ForwardMessageResponse> ForwardMessage(ForwardMessageRequest request, ServerCallContext context)
    {
        var chatId = ChatIds.ResolveTarget(request.Phone, request.ChatId);
        var ids = request.MessageId.Select(m => m.Trim()).Distinct().ToList();
        if (ids.Count == 0)
        {
            throw new ValidationException("messageId", "messageId is required: the id /messages shows, or a list of them");
        }

        if (ids.FirstOrDefault(id => !MessageIds.IsMessageId(id)) is { } bad)
        {
            throw new ValidationException("messageId", $"messageId '{bad}' is not a message id: use the id /messages shows, e.g. false_17472822486@c.us_3EB0...");
        }

        if (ids.Count > MaxForwards)
        {
            throw new ValidationException("messageId", $"messageId names more than {MaxForwards} messages");
        }

        var entries = await queue.EnqueueAllAsync(ids.Select(id => QueueDocument.NewSend(QueueKind.Forward, chatId, id)).ToList());
        return new ForwardMessageResponse { Sent = true, Message = QueuedMessage(), Id = entries[0].MessageId, QueueNumber = entries[0].QueueNumber };
    }

    private Task<QueueDocument> EnqueueAsync(string chatId, QueueKind kind, string body, Action<QueueDocument> fill, byte[]? content = null)
    {
        var entry = QueueDocument.NewSend(kind, chatId, body);
        fill(entry);
        return queue.EnqueueAsync(entry, content);
    }

    private static double Coordinate(bool given, double value, string field, double limit) =>
        !given ? throw new ValidationException(field, $"{field} is required: degrees, a number from -{limit} to {limit}")
        : double.IsFinite(value) && Math.Abs(value) <= limit ? value
        : throw new ValidationException(field, $"{field} must be a number from -{limit} to {limit}");

    private static string? Limited(string? value, string field, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? null
        : value.Length <= maxLength ? value
        : throw new ValidationException(field, $"{field} is longer than {maxLength} characters");

    // A data:image/...;base64 URI → its base64 (what WhatsApp takes as a preview's thumbnail).
    private static string? PreviewImage(string? raw)
    {
        var text = raw?.Trim() ?? "";
        if (text.Length == 0)
        {
            return null;
        }

        if (!text.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationException("previewBase64", "previewBase64 must be an image as a data URI: data:image/jpeg;base64,...");
        }

        var source = FileSource.Parse(text, "preview.jpg", MaxPreviewBytes, "previewBase64");
        return Convert.ToBase64String(source.Content!);
    }
}
