using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace WaGrpc.Server.Instances;

/// <summary>
/// Instance ids: lower-case letters, digits and '-', 1 to 40 characters, starting with a letter or
/// digit (they appear in paths, /instance&lt;id&gt;/, and in directory names). A gateway that is
/// one shard of several (WaGrpc:Shard = N) stamps its shard in the ids it gives, "N-xxxxxxxx", so a
/// router sends an id to its shard without a lookup (<see cref="ShardOf"/>; docs/scaling.md).
/// </summary>
public static partial class InstanceIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>True when <paramref name="id"/> is a well-formed instance id.</summary>
    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id) && id != "s";

    /// <summary>Why <paramref name="id"/> cannot be an instance id, or null when it can.</summary>
    public static string? Problem(string id, string? shard)
    {
        if (!IsValid(id))
        {
            return $"Invalid instance id '{Shorten(id)}': use 1 to 40 lower-case letters, digits or '-', starting with a letter or digit.";
        }

        if (shard is not null && ShardOf(id) != int.Parse(shard, System.Globalization.CultureInfo.InvariantCulture))
        {
            return $"This gateway is shard {shard}: the ids of its instances start with '{shard}-' (the router sends them here by that).";
        }

        return null;
    }

    /// <summary>A new random id, "&lt;shard&gt;-xxxxxxxx" on a shard, else "xxxxxxxx" (8 of [a-z0-9], starting with a letter).</summary>
    public static string New(string? shard)
    {
        Span<char> random = stackalloc char[8];
        random[0] = Alphabet[RandomNumberGenerator.GetInt32(26)];
        for (var i = 1; i < random.Length; i++)
        {
            random[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return shard is null ? new string(random) : $"{shard}-{random}";
    }

    /// <summary>The shard an id belongs to: the number before its first '-', else shard 0.</summary>
    public static int ShardOf(string id)
    {
        var match = ShardPrefix().Match(id);
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture, out var shard) ? shard : 0;
    }

    private static string Shorten(string id) => id.Length <= 60 ? id : id[..60] + "…";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    [GeneratedRegex("^([0-9]{1,9})-", RegexOptions.CultureInvariant)]
    private static partial Regex ShardPrefix();
}
