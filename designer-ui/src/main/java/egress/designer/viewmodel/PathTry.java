package egress.designer.viewmodel;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Whether a path matches a route's pathRegex, both ways the engines read it: osm (Envoy) takes RE2 and must
 * match the whole path; pipy looks for the regex anywhere in the path and query.
 *
 * @param osm  true, false, or null when the regex does not compile
 * @param pipy the same under pipy's find semantics
 * @param error the compile error, or null
 */
public record PathTry(Boolean osm, Boolean pipy, String error) {

    public static PathTry of(String pathRegex, String target) {
        String regex = pathRegex == null || pathRegex.isEmpty() ? ".*" : pathRegex;
        String t = target == null ? "" : target;
        int q = t.indexOf('?');
        String path = q < 0 ? t : t.substring(0, q);
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return new PathTry(null, null, e.getDescription());
        }
        return new PathTry(p.matches(path), p.matcher(t).find(), null);
    }
}
