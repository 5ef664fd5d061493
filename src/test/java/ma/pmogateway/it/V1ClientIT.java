package ma.pmogateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.xml.transform.sax.SAXSource;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBIntrospector;
import jakarta.xml.ws.BindingProvider;

import org.apache.cxf.tools.common.ToolContext;
import org.apache.cxf.tools.wsdlto.WSDLToJava;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ma.pmogateway.security.WsSecuritySettings;
import ma.pmogateway.xml.SecureXml;

/**
 * An integrator's client generated from the frozen v1.0 WSDL ({@code src/test/resources/contrats-v1}), with
 * wsdl2java's default options (so with the bare methods v1.0 gave for SoumettreProjets, SoumettreSituations and
 * RecupererRetours), works unchanged against the v1.1 gateway: its requests are accepted and it reads every
 * answer. This is what "wire-compatible" promises; if v1.1 changed a single element of the XML the v1 types
 * would fail to marshal or unmarshal here.
 */
class V1ClientIT extends OneGatewayPerClass {

    private static final String PACKAGE = "ma.integrateur.v1";

    @TempDir
    static Path folder;
    private static ClassLoader v1Types;

    @BeforeAll
    static void generateTheV1Client() throws Exception {
        Path classes = Files.createDirectories(folder.resolve("classes"));
        new WSDLToJava(new String[] {"-d", folder.resolve("src").toString(), "-compile", "-classdir", classes.toString(),
                "-p", PACKAGE, "-p", "urn:ma:alomrane:suivi-projets:v1=" + PACKAGE + ".ao",
                "-p", "urn:ma:pmo-gateway:commun:v1=" + PACKAGE + ".commun",
                "-p", "urn:ma:alomrane:suivi-projets:service:v1=" + PACKAGE + ".service",
                Path.of("src/test/resources/contrats-v1/wsdl/suivi-projets-v1.wsdl").toAbsolutePath().toString()})
                .run(new ToolContext());
        v1Types = new URLClassLoader(new URL[] {classes.toUri().toURL()}, V1ClientIT.class.getClassLoader());
    }

    @Test
    void v1ClientSubmitsFichesAndSituationsAndReadsTheAnswers() throws Exception {
        Object port = port("ao-cs");

        Object ficheReceipt = submit(port, "SoumettreProjets", "EnvoiFichesProjets",
                Path.of("samples/ao/fiches/01-vsb-hmr-casablanca.xml"));
        Object situationReceipt = submit(port, "SoumettreSituations", "EnvoiSituations",
                Path.of("samples/ao/situations/01-vsb-casablanca.xml"));

        String exchange = (String) call(accuseReception(ficheReceipt), "getIdentifiantEchange");
        assertEquals(ma.pmogateway.journal.Verdict.ACCEPTE, gateway.journal().verdictOf(exchange).orElseThrow());
        assertEquals(2, ((List<?>) call(accuseReception(ficheReceipt), "getElement")).size());
        assertEquals(1, ((List<?>) call(accuseReception(situationReceipt), "getElement")).size());
        Object state = port.getClass().getMethod("consulterEchange", String.class).invoke(port, exchange);
        assertEquals(exchange, call(state, "getIdentifiantEchange"));
        Object page = invoke(port, "recupererRetours", newInstance("service.RecupererRetours"));
        assertTrue(call(page, "getCurseurSuivant") instanceof String);
    }

    /** Sends {@code sample} as the v1 bare wrapper {@code wrapper} and returns the response wrapper. */
    private static Object submit(Object port, String wrapper, String batch, Path sample) throws Exception {
        Object envoi = read(sample);
        call(call(envoi, "getEnTete"), "setIdentifiantEnvoi", UUID.randomUUID().toString());
        Object request = newInstance("service." + wrapper);
        request.getClass().getMethod("set" + batch, envoi.getClass()).invoke(request, envoi);
        return invoke(port, Character.toLowerCase(wrapper.charAt(0)) + wrapper.substring(1), request);
    }

    private static Object accuseReception(Object response) throws Exception {
        return call(response, "getAccuseReception");
    }

    private Object port(String identity) throws Exception {
        Thread.currentThread().setContextClassLoader(v1Types);
        Object service = v1Types.loadClass(PACKAGE + ".PasserelleSuiviProjets").getConstructor().newInstance();
        Object port = service.getClass().getMethod("getPasserelleSuiviProjetsSoap12").invoke(service);
        Map<String, Object> context = ((BindingProvider) port).getRequestContext();
        context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, gateway.soap12Address());
        context.putAll(WsSecuritySettings.client(Identities.of(identity)));
        return port;
    }

    private static Object read(Path sample) throws Exception {
        JAXBContext context = JAXBContext.newInstance(PACKAGE + ".ao", v1Types);
        SAXSource source = SecureXml.source(Files.readAllBytes(sample));
        return JAXBIntrospector.getValue(context.createUnmarshaller().unmarshal(source));
    }

    private static Object newInstance(String simpleName) throws Exception {
        return v1Types.loadClass(PACKAGE + "." + simpleName).getConstructor().newInstance();
    }

    private static Object invoke(Object port, String operation, Object argument) throws Exception {
        for (Method method : port.getClass().getMethods()) {
            if (method.getName().equals(operation) && method.getParameterCount() == 1) {
                return method.invoke(port, argument);
            }
        }
        throw new AssertionError("no bare method " + operation);
    }

    private static Object call(Object target, String method, Object... arguments) throws Exception {
        for (Method candidate : target.getClass().getMethods()) {
            if (candidate.getName().equals(method) && candidate.getParameterCount() == arguments.length) {
                return candidate.invoke(target, arguments);
            }
        }
        throw new AssertionError("no method " + method + " on " + target.getClass());
    }
}
