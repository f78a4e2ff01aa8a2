namespace WaGrpc.Storage.Documents;

/// <summary>What an action does.</summary>
public enum ActionKind
{
    ReadChat = 1,
    AddParticipant = 2,
    RemoveParticipant = 3,
    PromoteParticipant = 4,
    DemoteParticipant = 5,
    CreateGroup = 6,
}
