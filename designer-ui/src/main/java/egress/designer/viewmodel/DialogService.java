package egress.designer.viewmodel;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What a view-model asks of the user; the view implements it with dialogs, tests with answers given in advance. */
public interface DialogService {
    /** A folder to open or save into, or empty when the user cancels. */
    Optional<Path> chooseFolder(UiText title);

    /** Files to read (recorded traffic), or none when the user cancels. */
    List<Path> chooseFiles(UiText title);

    /** A yes/no question; true for yes. */
    boolean confirm(UiText question);
}
