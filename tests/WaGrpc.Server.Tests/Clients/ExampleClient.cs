namespace WaGrpc.Server.Tests.Clients;

/// <summary>The example clients under examples/, one per language.</summary>
public enum ExampleClient
{
    /// <summary>examples/csharp: Grpc.Net.Client, stubs generated at build time.</summary>
    CSharp,

    /// <summary>examples/python: Debian's grpcio and protobuf, stubs from generate.sh.</summary>
    Python,

    /// <summary>examples/node: @grpc/grpc-js, protos loaded at run time.</summary>
    Node,
}
