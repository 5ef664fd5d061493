package ma.pmogateway.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.xml.transform.stream.StreamSource;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.Xslt30Transformer;
import net.sf.saxon.s9api.XsltExecutable;

import ma.pmogateway.contract.Contract;
import ma.pmogateway.contract.ContractSchemas;
import ma.pmogateway.contract.ContractValidator;
import ma.pmogateway.transform.TransformContext;
import ma.pmogateway.transform.Transformer;
import ma.pmogateway.transform.XsltRuntime;

/**
 * Cost of the AO → PMO transformation against its floor, a Saxon identity transformation of the same
 * document in the same run (parse into a tiny tree, copy, serialise, as the mapping does).
 *
 * <p>Three measurements per document: {@code identite} (the floor), {@code correspondance} (the
 * mapping stylesheet: parse, transform, serialise) and {@code correspondanceEtControle} (what
 * {@link Transformer#toPmo} costs, i.e. also the PMO-schema validation of the result). Documents: a
 * batch of 1,000 project records (the largest the AO schema allows), each a MOD project with six
 * partners, two conventions' worth of data and four contributions; and a single small progress report.
 * Goal: {@code correspondance} ≤ 2 × {@code identite}. {@link #main} measures the same, alternating the
 * three operations round by round. How to run both, and the figures: docs/BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TransformBenchmark {

    private static final String IDENTITY = """
            <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
              <xsl:output method="xml" encoding="UTF-8" indent="yes"/>
              <xsl:mode on-no-match="shallow-copy"/>
            </xsl:stylesheet>""";

    private static final TransformContext CONTEXT = new TransformContext(
            UUID.fromString("7d0c6a52-3b8e-4f21-9c4d-2e5f8a1b0c93"), Instant.parse("2026-10-02T09:00:00Z"));

    /** {@code lot-1000-fiches}: 1,000 project records; {@code situation}: one small progress report. */
    @Param({"lot-1000-fiches", "situation"})
    public String document;

    private XsltRuntime runtime;
    private Transformer transformer;
    private XsltExecutable identity;
    private byte[] input;

    @Setup
    public void setUp() throws SaxonApiException {
        runtime = XsltRuntime.create();
        ContractValidator validator = new ContractValidator(new ContractSchemas());
        transformer = new Transformer(runtime, validator);
        identity = runtime.processor().newXsltCompiler().compile(new StreamSource(new StringReader(IDENTITY)));
        input = "situation".equals(document) ? resource("rules/base-situation.xml") : batchOfFiches(1000);
        // A benchmark of a document the gateway would refuse would measure nothing useful.
        if (!validator.validate(Contract.AO_FORMAT, input).isEmpty()
                || !validator.validate(Contract.PMO_FORMAT, transformer.toPmo(input, CONTEXT)).isEmpty()) {
            throw new IllegalStateException("benchmark document is not valid: " + document);
        }
    }

    @Benchmark
    public byte[] identite() throws SaxonApiException {
        Xslt30Transformer copy = runtime.transformer(identity);
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length + 1024);
        copy.applyTemplates(runtime.parse(input, false), copy.newSerializer(out));
        return out.toByteArray();
    }

    @Benchmark
    public byte[] correspondance() {
        return transformer.transformUnchecked(runtime.parse(input, false), CONTEXT);
    }

    @Benchmark
    public byte[] correspondanceEtControle() {
        return transformer.toPmo(input, CONTEXT);
    }

    /**
     * Measures the same three operations op by op, alternating them, and prints the median of each and
     * of the ratio mapping / identity per round. Alternating makes the ratio robust to a machine whose
     * load changes during the run (a shared build host), which JMH's one-benchmark-after-another cannot be.
     * Arguments: rounds for the batch and for the situation (default 40 and 4000).
     */
    public static void main(String[] args) throws SaxonApiException {
        int batchRounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int situationRounds = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        for (String document : new String[] {"lot-1000-fiches", "situation"}) {
            TransformBenchmark benchmark = new TransformBenchmark();
            benchmark.document = document;
            benchmark.setUp();
            int rounds = "situation".equals(document) ? situationRounds : batchRounds;
            benchmark.alternate(rounds, false);
            benchmark.alternate(rounds, true);
        }
    }

    private void alternate(int rounds, boolean report) throws SaxonApiException {
        long[][] nanos = new long[3][rounds];
        double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            identite();
            long identityDone = System.nanoTime();
            correspondance();
            long mappingDone = System.nanoTime();
            correspondanceEtControle();
            long checkDone = System.nanoTime();
            nanos[0][round] = identityDone - start;
            nanos[1][round] = mappingDone - identityDone;
            nanos[2][round] = checkDone - mappingDone;
            ratios[round] = (double) nanos[1][round] / nanos[0][round];
        }
        if (report) {
            System.out.printf(Locale.ROOT,
                    "%-16s %5d rounds  identite %10.1f us  correspondance %10.1f us  correspondanceEtControle %10.1f us"
                    + "  median ratio correspondance/identite %.2f%n",
                    document, rounds, median(nanos[0]) / 1e3, median(nanos[1]) / 1e3, median(nanos[2]) / 1e3,
                    median(ratios));
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** A batch of {@code count} copies of the MOD fiche of the transformation tests, each with its own code. */
    static byte[] batchOfFiches(int count) {
        String single = new String(resource("transform/ao/fiche-mod-plusieurs-mandants.xml"), StandardCharsets.UTF_8);
        String fiche = single.substring(single.indexOf("  <ao:FicheProjet"), single.indexOf("</ao:EnvoiFichesProjets>"));
        StringBuilder batch = new StringBuilder(single.substring(0, single.indexOf("  <ao:FicheProjet")));
        for (int i = 1; i <= count; i++) {
            batch.append(fiche.replace("AO-MS-2024-0033", String.format("AO-MS-2024-%06d", i)));
        }
        return batch.append("</ao:EnvoiFichesProjets>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) {
        try (InputStream in = TransformBenchmark.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
