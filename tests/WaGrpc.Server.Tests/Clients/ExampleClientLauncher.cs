using System.Diagnostics;
using System.Reflection;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Clients;

/// <summary>
/// Runs the example clients as processes, with what each needs: the C# example's build (made by
/// this test project's build, through a project reference, so nothing builds it here), the Python
/// stubs (generated once, into a temp directory) and the Node packages. A missing tool fails the
/// test naming what to install; CI (.ci/run) installs them all.
/// </summary>
public sealed class ExampleClientLauncher : IDisposable
{
    private const string PythonPackages = "apt-get install python3-grpcio python3-protobuf protobuf-compiler protobuf-compiler-grpc libprotobuf-dev";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    // Variables a developer's shell may carry that would change what the clients do.
    private static readonly string[] Inherited =
        ["WAGRPC_AFTER_CURSOR", "WAGRPC_MAX_EVENTS", "WAGRPC_PROTOS", "WAGRPC_SANDBOX", "WAGRPC_REST_ADDRESS", "WAGRPC_RESUME_SECONDS"];

    private readonly string _generated = Path.Combine(Path.GetTempPath(), "wagrpc-tests", "python-stubs-" + Guid.NewGuid().ToString("N"));
    private Task? _pythonReady;

    public string Root { get; } = RepositoryRoot();

    /// <summary>The example clients run longest: this is how long one may take before it is killed.</summary>
    public static TimeSpan RunTimeout { get; } = TimeSpan.FromMinutes(2);

    /// <summary>Runs <paramref name="client"/> to its end with <paramref name="environment"/> (WAGRPC_*) set.</summary>
    public async Task<ClientRun> RunAsync(ExampleClient client, IReadOnlyDictionary<string, string> environment)
    {
        var start = client switch
        {
            ExampleClient.CSharp => CSharp(),
            ExampleClient.Python => await PythonAsync(),
            ExampleClient.Node => Node(),
            _ => throw new ArgumentOutOfRangeException(nameof(client)),
        };
        foreach (var name in Inherited)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return await ChildProcess.RunAsync(start, RunTimeout);
    }

    public void Dispose()
    {
        if (Directory.Exists(_generated))
        {
            Directory.Delete(_generated, recursive: true);
        }
    }

    private ProcessStartInfo CSharp()
    {
        var configuration = typeof(ExampleClientLauncher).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dll = Path.Combine(Root, "examples", "csharp", "bin", configuration, "net10.0", "WaGrpc.Examples.Client.dll");
        Assert.True(File.Exists(dll), $"The C# example is not built at {dll}: build tests/WaGrpc.Server.Tests (it builds examples/csharp through a project reference).");
        var start = new ProcessStartInfo(GatewayProcess.DotnetHost()) { WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        return start;
    }

    private async Task<ProcessStartInfo> PythonAsync()
    {
        await (_pythonReady ??= GeneratePythonStubsAsync());
        var start = new ProcessStartInfo("/usr/bin/python3") { WorkingDirectory = Path.Combine(Root, "examples", "python") };
        start.ArgumentList.Add("send_and_watch.py");
        start.Environment["WAGRPC_GENERATED"] = _generated;
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        return start;
    }

    private async Task GeneratePythonStubsAsync()
    {
        Assert.True(File.Exists("/usr/bin/python3"), $"/usr/bin/python3 is missing: {PythonPackages}");
        var check = new ProcessStartInfo("/usr/bin/python3") { ArgumentList = { "-c", "import grpc, google.protobuf" } };
        var imports = await ChildProcess.RunAsync(check, ToolTimeout);
        Assert.True(imports.ExitCode == 0, $"/usr/bin/python3 cannot import grpc and google.protobuf: {PythonPackages}\n{imports}");
        Assert.True(ChildProcess.FindOnPath("protoc") is not null, $"protoc is not on PATH: {PythonPackages}");
        Assert.True(ChildProcess.FindOnPath("grpc_python_plugin") is not null, $"grpc_python_plugin is not on PATH: {PythonPackages}");

        var generate = new ProcessStartInfo("bash") { ArgumentList = { Path.Combine(Root, "examples", "python", "generate.sh"), _generated } };
        var generated = await ChildProcess.RunAsync(generate, ToolTimeout);
        Assert.True(generated.ExitCode == 0, $"examples/python/generate.sh failed ({PythonPackages})\n{generated}");
    }

    private ProcessStartInfo Node()
    {
        var node = ChildProcess.FindOnPath("node");
        Assert.True(node is not null, "node is not on PATH: install Node.js 20 (Debian: apt-get install nodejs), then npm ci --prefix examples/node");
        var packages = Path.Combine(Root, "examples", "node", "node_modules", "@grpc", "grpc-js");
        Assert.True(Directory.Exists(packages), $"The Node example's packages are not installed ({packages} is missing): npm ci --prefix examples/node");
        var start = new ProcessStartInfo(node) { WorkingDirectory = Path.Combine(Root, "examples", "node") };
        start.ArgumentList.Add("send-and-watch.js");
        return start;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WaGrpc.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("WaGrpc.sln not found above " + AppContext.BaseDirectory);
    }
}
