package ma.pmogateway.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.service.GatewayServer;

/** {@code serve}: runs the gateway until SIGTERM or Ctrl-C, then shuts it down cleanly. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Démarre la passerelle (SOAP 1.2 et 1.1) avec la configuration donnée.",
            "Starts the gateway (SOAP 1.2 and 1.1) with the given configuration."})
final class ServeCommand implements Runnable {

    @Option(names = "--config", description = "Configuration file (overrides the built-in defaults).")
    private Path configFile;

    @Option(names = "--host", description = "Address to listen on (server.host).")
    private String host;

    @Option(names = "--port", description = "Port to listen on (server.port).")
    private Integer port;

    @Override
    public void run() {
        Map<String, String> overrides = new HashMap<>();
        if (host != null) {
            overrides.put("server.host", host);
        }
        if (port != null) {
            overrides.put("server.port", port.toString());
        }
        GatewayConfig config = GatewayConfig.load(configFile, System.getenv(), overrides);
        GatewayServer server = GatewayServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "pmo-gateway-shutdown"));
        System.out.println("pmo-gateway: SOAP 1.2 " + server.gatewayAddress());
        System.out.println("pmo-gateway: SOAP 1.1 " + server.gatewaySoap11Address());
        System.out.println("pmo-gateway: WSDL " + server.gatewayAddress() + "?wsdl");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
