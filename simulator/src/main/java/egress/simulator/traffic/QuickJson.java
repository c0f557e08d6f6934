package egress.simulator.traffic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A quick reader for the lines every log writer here produces: one flat JSON object whose strings have
 * no escapes, values strings, numbers, booleans or null, and a flat {@code headers} object. Anything
 * else (an escape, an array, a nested object, a syntax error) returns null, and the line goes to
 * Jackson, which reads it fully and words the errors. Allocates only the field values.
 */
final class QuickJson {
    private final String s;
    private int i;

    private QuickJson(String s) {
        this.s = s;
    }

    /** The fields, or null when the line needs the full parser. */
    static LineFields read(String line) {
        QuickJson q = new QuickJson(line);
        LineFields f = new LineFields();
        return q.object(f) ? f : null;
    }

    private boolean object(LineFields f) {
        ws();
        if (!eat('{')) {
            return false;
        }
        ws();
        if (eat('}')) {
            return true;
        }
        while (true) {
            String key = string();
            if (key == null) {
                return false;
            }
            ws();
            if (!eat(':')) {
                return false;
            }
            ws();
            if (i >= s.length()) {
                return false;
            }
            char c = s.charAt(i);
            if (c == '{') {
                if (!key.equals("headers")) {
                    return false;
                }
                Map<String, String> headers = headers();
                if (headers == null) {
                    return false;
                }
                f.headers = headers;
            } else if (c == '"') {
                String v = string();
                if (v == null) {
                    return false;
                }
                f.set(key, v, false);
            } else {
                int start = i;
                while (i < s.length() && "-+.0123456789eEtrufalsn".indexOf(s.charAt(i)) >= 0) {
                    i++;
                }
                String word = s.substring(start, i);
                if (word.equals("null")) {
                    f.set(key, null, false);
                } else if (word.equals("true") || word.equals("false")) {
                    f.set(key, word, word.equals("true"));
                } else if (isNumber(word)) {
                    f.set(key, word, false);
                } else {
                    return false;
                }
            }
            ws();
            if (eat('}')) {
                return true;
            }
            if (!eat(',')) {
                return false;
            }
            ws();
        }
    }

    private Map<String, String> headers() {
        i++; // '{'
        Map<String, String> h = new LinkedHashMap<>();
        ws();
        if (eat('}')) {
            return h;
        }
        while (true) {
            String name = string();
            ws();
            if (name == null || !eat(':')) {
                return null;
            }
            ws();
            String value = string();
            if (value == null) {
                return null;
            }
            h.put(name, value);
            ws();
            if (eat('}')) {
                return h;
            }
            if (!eat(',')) {
                return null;
            }
            ws();
        }
    }

    /** A string without escapes or control characters, or null. */
    private String string() {
        if (!eat('"')) {
            return null;
        }
        int start = i;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                return s.substring(start, i++);
            }
            if (c == '\\' || c < 0x20) {
                return null;
            }
            i++;
        }
        return null;
    }

    /** JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    static boolean isNumber(String w) {
        int k = 0;
        int n = w.length();
        if (k < n && w.charAt(k) == '-') {
            k++;
        }
        if (k >= n) {
            return false;
        }
        if (w.charAt(k) == '0') {
            k++;
        } else if (w.charAt(k) >= '1' && w.charAt(k) <= '9') {
            while (k < n && Character.isDigit(w.charAt(k))) {
                k++;
            }
        } else {
            return false;
        }
        if (k < n && w.charAt(k) == '.') {
            k++;
            int d = k;
            while (k < n && Character.isDigit(w.charAt(k))) {
                k++;
            }
            if (k == d) {
                return false;
            }
        }
        if (k < n && (w.charAt(k) == 'e' || w.charAt(k) == 'E')) {
            k++;
            if (k < n && (w.charAt(k) == '+' || w.charAt(k) == '-')) {
                k++;
            }
            int d = k;
            while (k < n && Character.isDigit(w.charAt(k))) {
                k++;
            }
            if (k == d) {
                return false;
            }
        }
        return k == n;
    }

    private void ws() {
        while (i < s.length()
                && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r' || s.charAt(i) == '\n')) {
            i++;
        }
    }

    private boolean eat(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }
}
