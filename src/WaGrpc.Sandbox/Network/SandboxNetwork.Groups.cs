using System.Security.Cryptography;
using System.Text.Json.Nodes;
using WaGrpc.Core;
using WaGrpc.Core.Messaging;

namespace WaGrpc.Sandbox.Network;

// Group membership: changes the linked device asks for, judged as WhatsApp judges them, and
// groups contacts own (made through the phone API).
public sealed partial class SandboxNetwork
{
    // A change of members by the account: only an admin may make one. Each member gets a code:
    // 200 done; 403 not allowed (the account is no admin, or the member is the creator);
    // 404 not a member (or, to add, not on WhatsApp); 409 already so (a member, an admin, no admin).
    private void OnGroupParticipants(PageConnection page, JsonObject frame)
    {
        if (!page.HasValidCreds || !DeviceMatches(page))
        {
            Fail(page, frame, "not logged in");
            return;
        }

        var gid = (string?)frame["gid"] ?? "";
        var action = (string?)frame["action"] ?? "";
        var wids = (frame["participants"] as JsonArray ?? []).Select(p => (string?)p).OfType<string>().Select(FromWire).ToList();
        JsonArray results;
        JsonObject groupJson;
        lock (_store.Gate)
        {
            var group = _store.Groups.FindById(gid);
            if (group is null)
            {
                Fail(page, frame, $"no group {gid}");
                return;
            }

            var mayChange = group.Participants.Contains(AccountWid) && group.IsAdmin(AccountWid);
            results = new JsonArray(wids.Select(wid => (JsonNode)new JsonObject
            {
                ["wid"] = ToWire(wid, Settings.LidAddressing),
                ["code"] = mayChange ? Apply(group, action, wid) : 403,
            }).ToArray());
            _store.Groups.Update(group);
            groupJson = GroupJson(group, Settings.LidAddressing);
        }

        Reply(page, frame, new JsonObject { ["participants"] = results, ["group"] = groupJson });
    }

    private int Apply(SandboxGroup group, string action, string wid)
    {
        var member = group.Participants.Contains(wid);
        switch (action)
        {
            case "add" when member:
                return 409;
            case "add" when !ChatIds.IsPersonChat(wid) || IsUnknown(wid[..wid.IndexOf('@', StringComparison.Ordinal)]):
                return 404;
            case "add":
                group.Participants.Add(wid);
                return 200;
            case "remove" or "promote" or "demote" when !member:
                return 404;
            case "remove" when wid == group.Creator:
            case "demote" when wid == group.Creator:
                return 403;
            case "remove":
                group.Participants.Remove(wid);
                group.Admins.Remove(wid);
                return 200;
            case "promote" when group.IsAdmin(wid):
            case "demote" when !group.IsAdmin(wid):
                return 409;
            case "promote":
                group.Admins.Add(wid);
                return 200;
            case "demote":
                group.Admins.Remove(wid);
                return 200;
            default:
                return 400;
        }
    }

    /// <summary>
    /// A group a contact created (phone API), with the given members; the linked device sees it
    /// when it next connects. Answers the group's id.
    /// </summary>
    public string CreateContactGroup(string creatorPhone, string subject, IReadOnlyList<string> memberPhones, IReadOnlyList<string> adminPhones)
    {
        if (!ChatIds.IsPhone(creatorPhone) || creatorPhone == _options.Phone)
        {
            throw new ValidationException("creator", "creator must be a contact's phone number (not the account's)");
        }

        var bad = memberPhones.Concat(adminPhones).FirstOrDefault(p => !ChatIds.IsPhone(p));
        if (bad is not null)
        {
            throw new ValidationException("participants", $"'{bad}' is not a phone number");
        }

        var members = memberPhones.Append(creatorPhone).Distinct().Select(ChatIds.FromPhone).ToList();
        var group = new SandboxGroup
        {
            Gid = NewGroupId(),
            Subject = string.IsNullOrWhiteSpace(subject) ? "Group" : subject.Trim(),
            Participants = members,
            Creator = ChatIds.FromPhone(creatorPhone),
            Admins = adminPhones.Select(ChatIds.FromPhone).Where(members.Contains).ToList(),
            Created = _time.GetUtcNow().ToUnixTimeSeconds(),
        };
        lock (_store.Gate)
        {
            _store.Groups.Insert(group);
        }

        return group.Gid;
    }

    // A group id as WhatsApp gives new groups: "120363" and twelve more digits.
    private static string NewGroupId() =>
        "120363" + string.Concat(Enumerable.Range(0, 12).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10)))) + "@g.us";
}
