package egress.policy.i18n;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders {@link Message}s from the bundles {@code egress/policy/i18n/messages.properties} (English) and
 * {@code messages_ja.properties} (Japanese), UTF-8, with {@link java.text.MessageFormat} patterns (parsed once,
 * see {@link CompiledPattern}). Every argument is
 * turned into text first (numbers without grouping, nested messages in the same language), so a pattern only
 * places strings. Also picks the language of a process from its environment, as POSIX does.
 */
public final class Messages {
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final Locale JAPANESE = Locale.JAPANESE;
    private static final String BUNDLE = "egress.policy.i18n.messages";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    /** Parsed patterns by code: refusals are explained on the enforcer's and the replay's hot paths. */
    private static final Map<String, CompiledPattern> ENGLISH_PATTERNS = new ConcurrentHashMap<>();

    private static final Map<String, CompiledPattern> JAPANESE_PATTERNS = new ConcurrentHashMap<>();

    private Messages() {}

    /** The message in the locale's language: Japanese for any {@code ja} locale, English otherwise. */
    public static String render(Message m, Locale locale) {
        boolean ja = isJapanese(locale);
        Locale lang = ja ? JAPANESE : ENGLISH;
        Map<String, CompiledPattern> cache = ja ? JAPANESE_PATTERNS : ENGLISH_PATTERNS;
        CompiledPattern parsed = cache.get(m.code());
        if (parsed == null) {
            parsed = CompiledPattern.compile(pattern(m.code(), lang), lang);
            cache.putIfAbsent(m.code(), parsed);
        }
        List<Object> args = m.args();
        String[] text = new String[args.size()];
        for (int i = 0; i < text.length; i++) {
            text[i] = text(args.get(i), lang);
        }
        return parsed.format(text);
    }

    /** The pattern of a code in a language, as the bundle writes it. */
    static String pattern(String code, Locale lang) {
        try {
            return bundle(lang).getString(code);
        } catch (MissingResourceException e) {
            throw new IllegalArgumentException("no message " + code + " in the " + lang + " bundle", e);
        }
    }

    /** One argument as text: a message rendered, a list's items joined with ", ", anything else as it prints. */
    public static String text(Object arg, Locale locale) {
        if (arg instanceof Message nested) {
            return render(nested, locale);
        }
        if (arg instanceof List<?> items) {
            StringBuilder b = new StringBuilder();
            for (Object item : items) {
                b.append(b.length() == 0 ? "" : ", ").append(text(item, locale));
            }
            return b.toString();
        }
        return String.valueOf(arg);
    }

    /** The bundle of one language, without the JVM's default locale as a fallback. */
    public static ResourceBundle bundle(Locale locale) {
        Locale lang = isJapanese(locale) ? JAPANESE : Locale.ROOT;
        return ResourceBundle.getBundle(BUNDLE, lang, NO_FALLBACK);
    }

    public static boolean isJapanese(Locale locale) {
        return locale != null && "ja".equals(locale.getLanguage());
    }

    /**
     * A {@code --lang} value or a request's language: {@code en} or {@code ja} (any case, a region allowed:
     * {@code ja-JP}); null for anything else.
     */
    public static Locale parseLang(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (v.equals("ja") || v.startsWith("ja-")) {
            return JAPANESE;
        }
        if (v.equals("en") || v.startsWith("en-")) {
            return ENGLISH;
        }
        return null;
    }

    /**
     * The language POSIX programs take from the environment: the first non-empty of {@code LC_ALL},
     * {@code LC_MESSAGES}, {@code LANG}; Japanese when it names a {@code ja} locale ({@code ja_JP.UTF-8},
     * {@code ja}), English otherwise ({@code C}, {@code POSIX}, unset).
     */
    public static Locale fromEnvironment(Map<String, String> env) {
        for (String name : List.of("LC_ALL", "LC_MESSAGES", "LANG")) {
            String v = env.get(name);
            if (v != null && !v.isEmpty()) {
                String lang = v.split("[_.@]", 2)[0];
                return lang.equalsIgnoreCase("ja") ? JAPANESE : ENGLISH;
            }
        }
        return ENGLISH;
    }
}
