namespace WaGrpc.Core.Engine;

/// <summary>A change to a group's members.</summary>
public enum ParticipantChange
{
    Add = 1,
    Remove = 2,
    Promote = 3,
    Demote = 4,
}
