package egress.simulator.testfile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import egress.policy.i18n.Message;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.simulator.Workbench;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code egress test}: finds EgressTest files (a folder may also hold plain manifests, which are
 * skipped), runs them, prints one line or one JSON object per case and the closing line.
 */
public final class TestSuite {
    /** Exit statuses of the format: all passed, a case failed, a file could not be read. */
    public static final int PASSED = 0;

    public static final int FAILED = 1;
    public static final int UNREADABLE = 2;

    private final List<CaseResult> results = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    /** Runs every test file named, or found under a named folder; prints as it goes. */
    public static int run(List<Path> paths, boolean json, PrintStream out, PrintStream err) {
        return run(paths, json, true, out, err, Locale.ENGLISH);
    }

    /** {@link #run(List, boolean, PrintStream, PrintStream)} with the text lines' explanations in a language. */
    public static int run(List<Path> paths, boolean json, PrintStream out, PrintStream err, Locale locale) {
        return run(paths, json, true, out, err, locale);
    }

    /**
     * The same, with the server-name check (the enforcer's {@code --sni-destination-check}) for the files whose
     * {@code mesh.sniDestinationCheck} does not say, and the explanations in {@code locale}.
     */
    public static int run(
            List<Path> paths,
            boolean json,
            boolean sniDestinationCheck,
            PrintStream out,
            PrintStream err,
            Locale locale) {
        return run(paths, json, sniDestinationCheck, out, err, locale, new Workbench());
    }

    /**
     * The same, reading the manifest files the tests name through {@code bench}: each file is read and parsed
     * once, however many test files name it, and {@code bench} holds them all afterwards.
     */
    public static int run(
            List<Path> paths,
            boolean json,
            boolean sniDestinationCheck,
            PrintStream out,
            PrintStream err,
            Locale locale,
            Workbench bench) {
        TestSuite suite = new TestSuite();
        for (Path p : paths) {
            for (Path file : suite.files(p, err, locale)) {
                try {
                    for (CaseResult r : run(bench, file, sniDestinationCheck)) {
                        suite.results.add(r);
                        out.println(json ? toJson(r) : line(r, locale));
                    }
                } catch (TestFileException e) {
                    suite.errors.add(e.getMessage());
                    err.println(Message.of("cli.error", e.getMessage()).render(locale));
                }
            }
        }
        long passed = suite.results.stream().filter(CaseResult::passed).count();
        long failed = suite.results.size() - passed;
        if (!json) {
            out.println(passed + " passed, " + failed + " failed");
        }
        out.flush();
        if (!suite.errors.isEmpty()) {
            return UNREADABLE;
        }
        return failed == 0 ? PASSED : FAILED;
    }

    /**
     * Runs one test file against {@code bench}, which holds every manifest file the test files read so far: a
     * file that several test files name is read and parsed once.
     */
    private static List<CaseResult> run(Workbench bench, Path file, boolean sniDestinationCheck)
            throws TestFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return runAlone(file, sniDestinationCheck); // the parser says why it cannot be read, as always
        }
        ResourceFileReader disk = ResourceFileReader.relativeTo(file);
        Path folder = file.toAbsolutePath().getParent();
        ResourceFileReader once = name -> {
            Path target = folder.resolve(name);
            List<Manifest> held = bench.snapshot().file(target);
            if (held != null) {
                return held;
            }
            List<Manifest> read = disk.read(name);
            bench.addFile(target, read);
            return read;
        };
        return bench.snapshot()
                .test(file, file.toString(), text, once, sniDestinationCheck)
                .resultsOrThrow();
    }

    private static List<CaseResult> runAlone(Path file, boolean sniDestinationCheck) throws TestFileException {
        List<CaseResult> out = new ArrayList<>();
        for (EgressTestFile f : TestFileParser.parse(file)) {
            out.addAll(TestRunner.run(f, sniDestinationCheck));
        }
        return out;
    }

    private List<Path> files(Path p, PrintStream err, Locale locale) {
        if (!Files.isDirectory(p)) {
            if (!Files.exists(p)) {
                Message none = Message.of("test.no-such-path", p);
                errors.add(none.english());
                err.println(Message.of("cli.error", none).render(locale));
            }
            return Files.exists(p) ? List.of(p) : List.of();
        }
        List<Path> out = new ArrayList<>();
        try {
            for (Path f : ManifestReader.manifestFiles(p)) {
                if (isTestFile(f)) {
                    out.add(f);
                }
            }
        } catch (ManifestException e) {
            errors.add(e.getMessage());
            err.println(Message.of("cli.error", e.getMessage(locale)).render(locale));
        }
        return out;
    }

    private static boolean isTestFile(Path f) {
        try {
            String text = Files.readString(f);
            return text.contains("kind: EgressTest")
                    || text.contains("\"kind\": \"EgressTest\"")
                    || text.contains("\"kind\":\"EgressTest\"");
        } catch (IOException e) {
            return true; // let the parser report it
        }
    }

    /** {@code PASS file: name} or {@code FAIL file: name: what differs (reason)}. */
    public static String line(CaseResult r) {
        return line(r, Locale.ENGLISH);
    }

    /** {@link #line(CaseResult)} with what differs and why in a language. */
    public static String line(CaseResult r, Locale locale) {
        if (r.passed()) {
            return "PASS " + r.file() + ": " + r.name();
        }
        String reason = r.reason(locale);
        return "FAIL " + r.file() + ": " + r.name() + ": " + String.join("; ", r.failures(locale))
                + (reason == null ? "" : " (" + reason + ")");
    }

    public static String toJson(CaseResult r) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("file", r.file());
            g.writeStringField("name", r.name());
            g.writeBooleanField("passed", r.passed());
            writeMap(g, "expected", r.expected());
            writeMap(g, "actual", r.actual());
            g.writeArrayFieldStart("failures");
            for (String f : r.failures()) {
                g.writeString(f);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static void writeMap(JsonGenerator g, String name, Map<String, Object> m) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Object> e : m.entrySet()) {
            writeValue(g, e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, String key, Object v) throws IOException {
        if (v == null) {
            g.writeNullField(key);
        } else if (v instanceof Number n) {
            g.writeNumberField(key, n.intValue());
        } else if (v instanceof Boolean b) {
            g.writeBooleanField(key, b);
        } else if (v instanceof List<?> l) {
            g.writeArrayFieldStart(key);
            for (Object o : l) {
                g.writeString(String.valueOf(o));
            }
            g.writeEndArray();
        } else {
            g.writeStringField(key, String.valueOf(v));
        }
    }
}
