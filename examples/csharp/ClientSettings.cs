using System.Globalization;

namespace WaGrpc.Examples.Client;

/// <summary>What the example reads from its environment variables.</summary>
/// <param name="Address">The gateway's gRPC endpoint (WAGRPC_ADDRESS), e.g. http://127.0.0.1:5081.</param>
/// <param name="Token">The gateway's API token (WAGRPC_TOKEN).</param>
/// <param name="Phone">The phone to send to (WAGRPC_PHONE): digits, country code first.</param>
/// <param name="Text">The text to send (WAGRPC_TEXT).</param>
/// <param name="AfterCursor">Stream the events after this cursor (WAGRPC_AFTER_CURSOR; 0: all stored).</param>
/// <param name="MaxEvents">Give up after this many events without the message (WAGRPC_MAX_EVENTS).</param>
/// <param name="Timeout">Give up after this long without the message (WAGRPC_TIMEOUT_SECONDS).</param>
/// <param name="RestAddress">The gateway's REST endpoint (WAGRPC_REST_ADDRESS), for the sandbox phone API.</param>
/// <param name="Sandbox">The gateway runs in sandbox mode (WAGRPC_SANDBOX=1): link it and play the contact.</param>
/// <param name="ResumeWindow">Without the sandbox, how long the resumed stream is followed (WAGRPC_RESUME_SECONDS).</param>
public sealed record ClientSettings(
    Uri Address, string Token, string Phone, string Text, long AfterCursor, int MaxEvents, TimeSpan Timeout,
    Uri RestAddress, bool Sandbox, TimeSpan ResumeWindow)
{
    /// <summary>The chat the message goes to: a person's chat id is the phone with "@c.us".</summary>
    public string ChatId => Phone + "@c.us";

    /// <summary>Reads the settings; null (after saying what is wrong on stderr) when they are unusable.</summary>
    public static ClientSettings? Read()
    {
        var problems = new List<string>();
        var uri = ReadAddress(problems, "WAGRPC_ADDRESS", "http://127.0.0.1:5081");
        var restUri = ReadAddress(problems, "WAGRPC_REST_ADDRESS", "http://127.0.0.1:5080");

        var token = Variable("WAGRPC_TOKEN") ?? Missing(problems, "WAGRPC_TOKEN (the gateway's API token)");
        var phone = Variable("WAGRPC_PHONE") ?? Missing(problems, "WAGRPC_PHONE (digits, country code first, e.g. 17472822486)");
        var text = Variable("WAGRPC_TEXT") ?? "Hello from the WaGrpc C# example";
        var afterCursor = Number(problems, "WAGRPC_AFTER_CURSOR", 0);
        var maxEvents = Number(problems, "WAGRPC_MAX_EVENTS", 1000);
        var timeoutSeconds = Number(problems, "WAGRPC_TIMEOUT_SECONDS", 30);
        var resumeSeconds = Number(problems, "WAGRPC_RESUME_SECONDS", 5);
        var sandbox = Variable("WAGRPC_SANDBOX") is "1" or "true";
        if (problems.Count > 0 || uri is null || restUri is null)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine($"error: {problem}");
            }

            return null;
        }

        return new ClientSettings(
            uri, token, phone, text, afterCursor, (int)Math.Min(maxEvents, int.MaxValue), TimeSpan.FromSeconds(timeoutSeconds),
            restUri, sandbox, TimeSpan.FromSeconds(resumeSeconds));
    }

    // "host:port" means "http://host:port".
    private static Uri? ReadAddress(List<string> problems, string name, string fallback)
    {
        var address = Variable(name) ?? fallback;
        if (!address.Contains("://", StringComparison.Ordinal))
        {
            address = "http://" + address;
        }

        if (Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            return uri;
        }

        problems.Add($"{name} '{address}' is not an address like {fallback}");
        return null;
    }

    private static string? Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static string Missing(List<string> problems, string what)
    {
        problems.Add($"set {what}");
        return "";
    }

    private static long Number(List<string> problems, string name, long fallback)
    {
        var text = Variable(name);
        if (text is null)
        {
            return fallback;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add($"{name} '{text}' is not a whole number");
        return fallback;
    }
}
