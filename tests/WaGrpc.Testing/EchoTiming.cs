namespace WaGrpc.Testing;

/// <summary>When <see cref="FakeEngine"/> reports a send back.</summary>
public enum EchoTiming
{
    Racing,
    BeforeReturn,
    None,
}
