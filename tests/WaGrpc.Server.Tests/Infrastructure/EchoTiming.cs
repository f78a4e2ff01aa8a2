namespace WaGrpc.Server.Tests.Infrastructure;

/// <summary>When <see cref="FakeEngine"/> reports a send back.</summary>
public enum EchoTiming
{
    Racing,
    BeforeReturn,
    None,
}
