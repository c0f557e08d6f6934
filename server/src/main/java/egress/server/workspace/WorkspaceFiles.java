package egress.server.workspace;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.policy.yaml.Position;
import egress.simulator.testfile.ResourceFileReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The manifest files a test posted to the server may name: only regular files inside the workspace folder, after
 * {@code ..} and symbolic links are resolved, of at most {@link #maxBytes} bytes. Errors say why a name is
 * refused and never quote what a file holds (a refused file is never read at all).
 */
public final class WorkspaceFiles implements ResourceFileReader {
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private final Path root;
    private final long maxBytes;

    /**
     * @param root the workspace folder (null: the server has none, and no file can be named)
     */
    public WorkspaceFiles(Path root, long maxBytes) {
        this.root = root;
        this.maxBytes = maxBytes;
    }

    /**
     * Checks a bare file name (a test file's name as posted): one name in its folder on any OS, so no separator
     * of either kind, no {@code .} or {@code ..}, no drive letter or other colon, no NUL or other control character.
     *
     * @return the problem, or null when the name is fine
     */
    public static String badFileName(String name) {
        if (name.isEmpty() || name.length() > 255) {
            return "a file name of 1 to 255 characters is expected";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "a file name without folders ('/' or '\\') is expected";
        }
        if (name.equals(".") || name.equals("..") || name.contains("..")) {
            return "'..' is not allowed in a file name";
        }
        if (DRIVE.matcher(name).matches() || name.indexOf(':') >= 0) {
            return "':' (a drive letter or a stream name) is not allowed in a file name";
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "control characters (NUL among them) are not allowed in a file name";
        }
        return null;
    }

    @Override
    public List<Manifest> read(String name) throws ManifestException {
        Path file = resolve(name);
        return ManifestReader.read(name, readBounded(name, file));
    }

    /**
     * The regular file a path relative to the workspace folder names, after {@code ..} and symbolic links are
     * resolved; a ManifestException (naming the path, never quoting the file) when it is outside the folder, not a
     * regular file, or there is no folder.
     */
    public Path resolve(String name) throws ManifestException {
        if (root == null) {
            throw refused(
                    name, "the server has no workspace folder (start egress serve with a folder) to read it from");
        }
        if (name.indexOf('\0') >= 0 || DRIVE.matcher(name).matches() || name.startsWith("/") || name.startsWith("\\")) {
            throw refused(name, "a path relative to the workspace folder is expected");
        }
        Path file;
        try {
            Path rootReal = root.toRealPath();
            Path lexical = rootReal.resolve(name).normalize();
            if (!lexical.startsWith(rootReal)) {
                throw refused(name, "it is outside the workspace folder");
            }
            file = lexical.toRealPath();
            if (!file.startsWith(rootReal)) {
                throw refused(name, "it leads outside the workspace folder (a symbolic link)");
            }
        } catch (InvalidPathException e) {
            throw refused(name, "not a valid path");
        } catch (NoSuchFileException e) {
            throw refused(name, "no such file in the workspace folder");
        } catch (IOException e) {
            throw refused(name, "it cannot be opened");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(name, "not a regular file");
        }
        return file;
    }

    private String readBounded(String name, Path file) throws ManifestException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw refused(name, "larger than " + maxBytes + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw refused(name, "it cannot be read");
        }
    }

    private static ManifestException refused(String name, String why) {
        return new ManifestException(printable(name), Position.UNKNOWN, why);
    }

    private static String printable(String name) {
        String shown = name.length() > 200 ? name.substring(0, 200) + "..." : name;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
