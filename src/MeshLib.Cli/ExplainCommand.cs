using MeshLib.Cli.Explain;
using MeshLib.Configuration;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Validation;
using MeshLib.Internal;
using MeshLib.Model.Compilation;
using Microsoft.Extensions.Options;

namespace MeshLib.Cli;

/// <summary>
/// <c>meshctl explain --config PATH... [-H 'name: value']... METHOD URL [--json]</c>: loads, validates and compiles the
/// configuration as the library does, then explains which route the request takes and what applies to it.
/// </summary>
internal static class ExplainCommand
{
    /// <summary>The synopsis of <c>meshctl explain</c>: options and exit codes.</summary>
    public const string Synopsis = """
        usage: meshctl explain --config PATH [--config PATH]... [-H 'name: value']... [--namespace NS]
                               [--outbound-traffic-policy ALLOW_ANY|REGISTRY_ONLY] [--json] METHOD URL
          -c, --config PATH     a configuration file or directory (repeatable; extra PATHs may also precede METHOD)
          -H, --header 'n: v'   a request header (repeatable); 'Host: name' overrides the URL's authority
          -n, --namespace NS    the namespace of this workload and of resources that name none (default: default)
          --outbound-traffic-policy ALLOW_ANY|REGISTRY_ONLY
                                what happens to a host the configuration does not know (default: ALLOW_ANY)
          --json                print the explanation as JSON instead of text
        exit codes: 0 explained (including 404, 502 and passthrough), 1 configuration errors or an invalid
                    METHOD/URL, 2 usage error
        """;

    /// <summary>The full help of <c>meshctl explain</c>: the synopsis and the JSON document's properties.</summary>
    public const string Usage = Synopsis + "\n" + """
        JSON properties (camelCase, always present, null when absent; durations are Istio strings like "10s"):
          request {method, url, authority, host, port, path, headers[{name, value}]}
          outcome: forward | redirect | directResponse | corsPreflight | noRoute | passthrough | blackHole
          status (the mesh's own answer: 404, 502, redirect or direct status; null when sent upstream)
          summary, outboundTrafficPolicy
          virtualHost {host, virtualService, service}
          route and routes[] {index, name, virtualService, action, matched, matchedBy, matches[]}
            match {index, name, description, matched, conditions[{field, description, matched, actual}]}
          destinations[] {host, subset, port, weight, percent, problem,
            cluster {name, service, resolution, passthrough,
              endpoints[{address, port, labels, weight, locality}],
              loadBalancer {algorithm, isDefault, simple, consistentHash {hashOn, key, requestValue, ringSize, tableSize}, localityLbSetting},
              connectionPool {isDefault, maxConnections, http1MaxPendingRequests, http2MaxRequests,
                maxRequestsPerConnection, maxRetries (null: unlimited), connectTimeout, idleTimeout,
                maxConnectionDuration, h2UpgradePolicy, useClientProtocol},
              outlierDetection {consecutive5xxErrors, consecutiveGatewayErrors, splitExternalLocalOriginErrors,
                consecutiveLocalOriginFailures, interval, baseEjectionTime, maxEjectionTime, maxEjectionPercent,
                minHealthPercent, httpErrorCodes},
              tls {mode, sni, credentialName, clientCertificate, caCertificates, subjectAltNames, insecureSkipVerify}}}
          redirect {statusCode, location}, directResponse {status, body}
          policies {fault {delay {fixedDelay, percent}, abort {httpStatus, grpcStatus, percent}, note}, timeout,
            retries {isDefault, attempts, retryOn, retriableStatusCodes, perTryTimeout, perTryTimeoutApplies,
              backoffBaseInterval, backoffMaxInterval, retryRemoteLocalities, retryIgnorePreviousHosts},
            rewrite {path, authority}, mirrors[{host, subset, percent, cluster}]}
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!TryParse(args, stderr, out var options))
        {
            stderr.WriteLine(Synopsis);
            return Meshctl.UsageError;
        }

        if (options is null)
        {
            stdout.WriteLine(Usage);
            return Meshctl.Success;
        }

        HttpMethod method;
        try
        {
            method = HttpMethod.Parse(options.Method);
        }
        catch (FormatException)
        {
            stderr.WriteLine($"meshctl explain: invalid method \"{options.Method}\"");
            return Meshctl.ConfigurationErrors;
        }

        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0)
        {
            stderr.WriteLine($"meshctl explain: invalid URL \"{options.Url}\": an absolute http:// or https:// URL is required, such as http://reviews:9080/reviews/0");
            return Meshctl.ConfigurationErrors;
        }

        var loaded = MeshConfigLoader.LoadPaths(options.ConfigPaths, options.Namespace);
        var diagnostics = new List<ConfigDiagnostic>(loaded.Diagnostics);
        diagnostics.AddRange(MeshConfigValidator.Validate(loaded.Resources, options.Namespace));
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            DiagnosticReport.Write(diagnostics, loaded.Resources.Count, stdout);
            return Meshctl.ConfigurationErrors;
        }

        var warnings = diagnostics.Count;
        if (warnings > 0)
        {
            stderr.WriteLine($"meshctl explain: the configuration has {warnings} warning(s); `meshctl validate` lists them");
        }

        var meshOptions = new MeshOptions { Namespace = options.Namespace, OutboundTrafficPolicy = options.OutboundTrafficPolicy };
        var compiler = new MeshCompiler(Options.Create(meshOptions), TimeProvider.System, RandomSource.Shared);
        var snapshot = compiler.Compile(loaded.Resources, diagnostics);

        using var request = new HttpRequestMessage(method, uri);
        foreach (var (name, value) in options.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                // Content headers (content-type, ...) live on the content, where the router's matcher also looks.
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        var explanation = new RequestExplainer(snapshot, options.OutboundTrafficPolicy).Explain(request);
        if (options.Json)
        {
            stdout.WriteLine(ExplanationJsonRenderer.Render(explanation));
        }
        else
        {
            ExplanationTextRenderer.Render(explanation, stdout);
        }

        return Meshctl.Success;
    }

    /// <summary>Parses the arguments; false on a usage error (reported), true with null options for <c>--help</c>.</summary>
    private static bool TryParse(string[] args, TextWriter stderr, out ExplainOptions? options)
    {
        options = null;
        var configPaths = new List<string>();
        var headers = new List<(string Name, string Value)>();
        var positionals = new List<string>();
        var ns = "default";
        var policy = OutboundTrafficPolicy.AllowAny;
        var json = false;
        var onlyPositionals = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (onlyPositionals || !arg.StartsWith('-') || arg == "-")
            {
                positionals.Add(arg);
                continue;
            }

            var (option, inline) = arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0
                ? (arg[..eq], arg[(eq + 1)..])
                : (arg, (string?)null);
            switch (option)
            {
                case "--":
                    onlyPositionals = true;
                    break;
                case "-h" or "--help":
                    return true;
                case "--json" when inline is null:
                    json = true;
                    break;
                case "-c" or "--config" or "-n" or "--namespace" or "-H" or "--header" or "--outbound-traffic-policy":
                {
                    var value = inline;
                    if (value is null)
                    {
                        if (i + 1 >= args.Length)
                        {
                            stderr.WriteLine($"meshctl explain: {option} needs a value");
                            return false;
                        }

                        value = args[++i];
                    }

                    switch (option)
                    {
                        case "-c" or "--config":
                            configPaths.Add(value);
                            break;
                        case "-n" or "--namespace":
                            if (value.Length == 0)
                            {
                                stderr.WriteLine("meshctl explain: --namespace needs a non-empty value");
                                return false;
                            }

                            ns = value;
                            break;
                        case "--outbound-traffic-policy":
                            if (value.Equals("ALLOW_ANY", StringComparison.OrdinalIgnoreCase))
                            {
                                policy = OutboundTrafficPolicy.AllowAny;
                            }
                            else if (value.Equals("REGISTRY_ONLY", StringComparison.OrdinalIgnoreCase))
                            {
                                policy = OutboundTrafficPolicy.RegistryOnly;
                            }
                            else
                            {
                                stderr.WriteLine($"meshctl explain: --outbound-traffic-policy must be ALLOW_ANY or REGISTRY_ONLY, not \"{value}\"");
                                return false;
                            }

                            break;
                        default:
                            if (!TryParseHeader(value, out var header))
                            {
                                stderr.WriteLine($"meshctl explain: invalid header \"{value}\": expected 'name: value'");
                                return false;
                            }

                            headers.Add(header);
                            break;
                    }

                    break;
                }

                default:
                    stderr.WriteLine($"meshctl explain: unknown option \"{arg}\"");
                    return false;
            }
        }

        if (configPaths.Count == 0)
        {
            stderr.WriteLine("meshctl explain: at least one --config PATH is required");
            return false;
        }

        if (positionals.Count < 2)
        {
            stderr.WriteLine("meshctl explain: METHOD and URL are required");
            return false;
        }

        // `--config a.yaml b.yaml GET URL`: positionals before METHOD URL are more configuration paths.
        configPaths.AddRange(positionals.Take(positionals.Count - 2));
        options = new ExplainOptions(configPaths, headers, ns, policy, json, positionals[^2], positionals[^1]);
        return true;
    }

    private static bool TryParseHeader(string text, out (string Name, string Value) header)
    {
        header = default;
        var colon = text.IndexOf(':', 1 < text.Length && text[0] == ':' ? 1 : 0);
        if (colon <= 0)
        {
            return false;
        }

        var name = text[..colon].Trim();
        if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        header = (name, text[(colon + 1)..].Trim());
        return true;
    }
}
