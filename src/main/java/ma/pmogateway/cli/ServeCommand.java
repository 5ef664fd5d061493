package ma.pmogateway.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.ops.ConfigurationCheck;
import ma.pmogateway.service.GatewayServer;

/**
 * {@code serve}: runs the gateway until SIGTERM or Ctrl-C, then shuts it down cleanly; or, with
 * {@code --check}, checks its configuration without serving.
 *
 * <p>Production is the default: a configuration holding development material (the keys, trust store,
 * CRLs or password of {@code certs/dev}, the built-in registry), the PMO sandbox or plain HTTP beyond
 * loopback is refused. {@code --dev} asks for the development profile, the built-in defaults' own
 * (what {@code scripts/run} does).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Démarre la passerelle (SOAP 1.2 et 1.1) avec la configuration donnée.",
            "Starts the gateway (SOAP 1.2 and 1.1) with the given configuration."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", description = "Configuration file (overrides the built-in defaults).")
    private Path configFile;

    @Option(names = "--dev", description = {"Profil de développement : ICP de certs/dev, bac à sable PMO.",
        "Development profile: the development PKI of certs/dev and the PMO sandbox are allowed."})
    private boolean development;

    @Option(names = "--check", description = {"Vérifie la configuration sans servir (code 0 ou 2).",
        "Checks the configuration without serving: keys, registry, journal, PMO, certificates and CRLs "
            + "(exit code 0, or 2 on problems)."})
    private boolean check;

    @Option(names = "--host", description = "Address to listen on (server.host).")
    private String host;

    @Option(names = "--port", description = "Port to listen on (server.port).")
    private Integer port;

    @Override
    public Integer call() {
        Map<String, String> overrides = new HashMap<>();
        if (host != null) {
            overrides.put("server.host", host);
        }
        if (port != null) {
            overrides.put("server.port", port.toString());
        }
        GatewayConfig config = GatewayConfig.load(configFile, System.getenv(), overrides);
        if (check) {
            return new ConfigurationCheck(config, !development, Clock.systemUTC()).run(spec.commandLine().getOut());
        }
        config.requireFiles();
        if (!development) {
            config.requireProduction();
        }
        GatewayServer server = GatewayServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "pmo-gateway-shutdown"));
        System.out.println("pmo-gateway (" + (development ? "development" : "production") + "): SOAP 1.2 "
                + server.gatewayAddress());
        System.out.println("pmo-gateway: SOAP 1.1 " + server.gatewaySoap11Address());
        System.out.println("pmo-gateway: WSDL " + server.gatewayAddress() + "?wsdl");
        System.out.println("pmo-gateway: health " + server.adminAddress() + "/health/ready, metrics "
                + server.adminAddress() + "/metrics");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
