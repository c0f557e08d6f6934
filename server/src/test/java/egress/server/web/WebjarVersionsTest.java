package egress.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import egress.fixtures.Project;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A webjar's version is declared once, in the parent pom's dependencyManagement. The page has to name it in
 * its {@code /webjars/<name>/<version>/} paths; this test holds every such path to the version of the webjar on
 * the class path, so a version bump in the pom that forgets the page fails here, naming the file and line.
 */
class WebjarVersionsTest {
    static final Pattern WEBJAR_PATH = Pattern.compile("/webjars/([A-Za-z0-9._-]+)/([^/\"'\\s]+)/");

    @Test
    void everyWebjarPathInThePageNamesTheVersionOnTheClassPath() throws IOException {
        Path pub = Project.root().resolve("server/src/main/resources/public");
        List<String> mismatches = new ArrayList<>();
        int paths = 0;
        try (Stream<Path> files = Files.walk(pub)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = WEBJAR_PATH.matcher(lines.get(i));
                    while (m.find()) {
                        paths++;
                        String onClassPath = versionOnClassPath(m.group(1));
                        if (!m.group(2).equals(onClassPath)) {
                            mismatches.add(pub.relativize(f) + ":" + (i + 1) + ": " + m.group(1) + " " + m.group(2)
                                    + ", but the pom manages " + onClassPath);
                        }
                    }
                }
            }
        }
        assertThat(paths).as("webjar paths found under " + pub).isPositive();
        assertThat(mismatches).isEmpty();
    }

    static String versionOnClassPath(String name) throws IOException {
        String props = "META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
        try (InputStream in = WebjarVersionsTest.class.getClassLoader().getResourceAsStream(props)) {
            if (in == null) {
                return "no webjar of that name (" + props + " is not on the class path)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }
}
