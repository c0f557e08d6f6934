package egress.designer.viewmodel;

import java.util.Arrays;
import java.util.List;

/** A message key and its arguments: view-models say what to tell, {@link Messages} says it in the user's language. */
public record UiText(String key, List<Object> args) {
    public UiText {
        args = List.copyOf(args);
    }

    public static UiText of(String key, Object... args) {
        return new UiText(key, Arrays.asList(args));
    }
}
