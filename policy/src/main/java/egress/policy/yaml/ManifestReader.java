package egress.policy.yaml;

import egress.policy.i18n.Message;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads manifests as kubectl takes them: multi-document YAML, JSON, and {@code kind: List} objects,
 * whose items become manifests of their own. Every field keeps the line and column it was written at.
 */
public final class ManifestReader {
    private ManifestReader() {}

    /** Reads every manifest of a file, or of every {@code .yaml}, {@code .yml} and {@code .json} file under a folder. */
    public static List<Manifest> read(Path path) throws ManifestException {
        if (Files.isDirectory(path)) {
            List<Manifest> all = new ArrayList<>();
            for (Path file : manifestFiles(path)) {
                all.addAll(readFile(file));
            }
            return all;
        }
        return readFile(path);
    }

    /** The manifest files under a folder, in a stable order. */
    public static List<Path> manifestFiles(Path dir) throws ManifestException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(ManifestReader::isManifestFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ManifestException(
                    dir.toString(),
                    Position.UNKNOWN,
                    Message.of(
                            e instanceof NoSuchFileException ? "yaml.no-such-folder" : "yaml.cannot-read-folder",
                            e.getMessage()));
        }
    }

    public static boolean isManifestFile(Path p) {
        String n = p.getFileName().toString().toLowerCase();
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    private static List<Manifest> readFile(Path file) throws ManifestException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ManifestException(
                    file.toString(),
                    Position.UNKNOWN,
                    Message.of(
                            e instanceof NoSuchFileException ? "yaml.no-such-file" : "yaml.cannot-read-file",
                            e.getMessage()));
        }
        return read(file.toString(), text);
    }

    /** Reads every manifest of a text; {@code source} names it in positions and errors. */
    public static List<Manifest> read(String source, String text) throws ManifestException {
        List<Node> docs = new ArrayList<>();
        LoaderOptions options = options();
        AliasBudget events =
                new AliasBudget(new ParserImpl(new StreamReader(text), options), AliasBudget.MAX_ALIAS_NODES);
        try {
            Composer composer = new Composer(events, new Resolver(), options);
            while (composer.checkNode()) {
                Node n = composer.getNode();
                if (n != null) {
                    docs.add(n);
                }
            }
        } catch (AliasBudget.Exceeded e) {
            throw new ManifestException(source, position(e.mark), Message.of("yaml.invalid", e.getMessage()));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new ManifestException(source, position(m), Message.of("yaml.invalid", firstLine(e.getProblem())));
        } catch (YAMLException e) {
            throw new ManifestException(
                    source, position(events.lastMark()), Message.of("yaml.invalid", firstLine(e.getMessage())));
        }
        List<Manifest> out = new ArrayList<>();
        for (Node doc : docs) {
            if (doc instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
                continue; // an empty document between two ---
            }
            if (!(doc instanceof MappingNode)) {
                throw new ManifestException(
                        source,
                        position(doc.getStartMark()),
                        "expected an object (a YAML mapping), got " + describe(doc));
            }
            Map<String, Position> positions = new HashMap<>();
            @SuppressWarnings("unchecked")
            Map<String, Object> content = (Map<String, Object>) convert(source, doc, "", positions);
            if (isList(content)) {
                addListItems(source, (MappingNode) doc, out);
            } else {
                out.add(new Manifest(
                        source, out.size(), content, position(doc.getStartMark()), new SourceMap(positions)));
            }
        }
        return out;
    }

    private static boolean isList(Map<String, Object> content) {
        Object kind = content.get("kind");
        return kind instanceof String k && k.endsWith("List") && content.get("items") instanceof List<?>;
    }

    private static void addListItems(String source, MappingNode list, List<Manifest> out) throws ManifestException {
        for (NodeTuple t : list.getValue()) {
            if (!"items".equals(((ScalarNode) t.getKeyNode()).getValue())) {
                continue;
            }
            for (Node item : ((SequenceNode) t.getValueNode()).getValue()) {
                if (!(item instanceof MappingNode)) {
                    throw new ManifestException(
                            source, position(item.getStartMark()), "items: expected an object, got " + describe(item));
                }
                Map<String, Position> positions = new HashMap<>();
                @SuppressWarnings("unchecked")
                Map<String, Object> content = (Map<String, Object>) convert(source, item, "", positions);
                out.add(new Manifest(
                        source, out.size(), content, position(item.getStartMark()), new SourceMap(positions)));
            }
        }
    }

    private static Object convert(String source, Node node, String path, Map<String, Position> positions)
            throws ManifestException {
        positions.put(path, position(node.getStartMark()));
        if (node instanceof MappingNode m) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                Node k = t.getKeyNode();
                if (!(k instanceof ScalarNode ks)) {
                    throw new ManifestException(source, position(k.getStartMark()), "a key must be a plain value");
                }
                String key = ks.getValue();
                String child = path.isEmpty() ? key : path + "." + key;
                if (map.containsKey(key)) {
                    throw new ManifestException(
                            source, position(k.getStartMark()), child + ": duplicate key \"" + key + "\"");
                }
                map.put(key, convert(source, t.getValueNode(), child, positions));
            }
            return map;
        }
        if (node instanceof SequenceNode s) {
            List<Object> list = new ArrayList<>();
            int i = 0;
            for (Node item : s.getValue()) {
                list.add(convert(source, item, path + "[" + i++ + "]", positions));
            }
            return list;
        }
        return scalar((ScalarNode) node);
    }

    private static Object scalar(ScalarNode s) {
        Tag tag = s.getTag();
        String v = s.getValue();
        if (tag.equals(Tag.NULL)) {
            return null;
        }
        if (tag.equals(Tag.BOOL)) {
            return switch (v.toLowerCase()) {
                case "true", "yes", "on", "y" -> Boolean.TRUE;
                default -> Boolean.FALSE;
            };
        }
        if (tag.equals(Tag.INT)) {
            try {
                String digits = v.replace("_", "");
                BigInteger big =
                        digits.startsWith("0x") ? new BigInteger(digits.substring(2), 16) : new BigInteger(digits);
                return big.bitLength() < 63 ? (Object) big.longValue() : big;
            } catch (NumberFormatException e) {
                return v;
            }
        }
        if (tag.equals(Tag.FLOAT)) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }

    /**
     * SnakeYAML's own limits. Its alias count alone does not stop an alias bomb (two aliases a level, 24
     * levels, stay under any sensible count and expand to 33 million nodes), so {@link AliasBudget} bounds
     * what aliases expand to; this count is only a backstop.
     */
    private static LoaderOptions options() {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(true); // reported by convert() with the key's position
        o.setMaxAliasesForCollections(1_000);
        o.setNestingDepthLimit(50);
        o.setCodePointLimit(64 * 1024 * 1024);
        return o;
    }

    private static Position position(Mark m) {
        return m == null ? Position.UNKNOWN : new Position(m.getLine() + 1, m.getColumn() + 1);
    }

    private static String describe(Node n) {
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return "the value \"" + ((ScalarNode) n).getValue() + "\"";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
