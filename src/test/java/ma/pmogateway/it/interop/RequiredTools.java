package ma.pmogateway.it.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The independent stacks the interoperability tests need. A missing one fails the test with the
 * package to install (scripts/test installs them all); the tests are never skipped.
 */
final class RequiredTools {

    /** Debian's interpreter: the python3-zeep and python3-xmlsec packages are installed for it. */
    static final String PYTHON = System.getProperty("interop.python", "/usr/bin/python3");
    static final String NODE = System.getProperty("interop.node", "node");
    static final Path NODE_PROJECT = Path.of("src/test/interop/node");

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(60);

    private RequiredTools() {
    }

    static void requireZeep(Path scratch) {
        requireStarts(List.of(PYTHON, "-c", "pass"), "the Debian package python3 (" + PYTHON + ")", scratch);
        requirePythonModule("zeep", "python3-zeep", scratch);
        requirePythonModule("xmlsec", "python3-xmlsec", scratch);
        requirePythonModule("lxml", "python3-lxml", scratch);
    }

    static void requireNodeSoap(Path scratch) {
        requireStarts(List.of(NODE, "--version"), "Node.js 20 (node on PATH)", scratch);
        for (String module : List.of("soap", "xml-crypto", "@xmldom/xmldom")) {
            if (!Files.isDirectory(NODE_PROJECT.resolve("node_modules").resolve(module))) {
                fail("npm package " + module + " missing in " + NODE_PROJECT
                        + "/node_modules: run `npm ci --prefix " + NODE_PROJECT + "` (scripts/test does it)");
            }
        }
    }

    static void requireXmlsec1(Path scratch) {
        requireStarts(List.of("xmlsec1", "--version"), "the Debian package xmlsec1", scratch);
        requireStarts(List.of("xmllint", "--version"), "the Debian package libxml2-utils", scratch);
    }

    private static void requirePythonModule(String module, String debianPackage, Path scratch) {
        ExternalProcess check = ExternalProcess.run(List.of(PYTHON, "-c", "import " + module), CHECK_TIMEOUT, scratch);
        if (check.exitCode() != 0) {
            fail("Python module " + module + " missing for " + PYTHON + ": install the Debian package "
                    + debianPackage + " (apt-get install " + debianPackage + ")\n" + check.stderr());
        }
    }

    private static void requireStarts(List<String> command, String what, Path scratch) {
        ExternalProcess check;
        try {
            check = ExternalProcess.run(command, CHECK_TIMEOUT, scratch);
        } catch (AssertionError e) {
            throw new AssertionError(command.get(0) + " not available: install " + what, e);
        }
        if (check.exitCode() != 0) {
            fail(command.get(0) + " does not run: install " + what + "\n" + check.describe());
        }
    }
}
