package egress.designer.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a file on disk looked like when it was read or written: modification time, size and a content hash.
 * Comparing two fingerprints tells whether someone else changed the file in between.
 *
 * @param exists false for a file that is not (or no longer) on disk
 */
public record Fingerprint(boolean exists, long modifiedMillis, long size, String sha256) {
    public static final Fingerprint ABSENT = new Fingerprint(false, 0, 0, "");

    public static Fingerprint of(Path file) throws IOException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return new Fingerprint(true, Files.getLastModifiedTime(file).toMillis(), bytes.length, hash(bytes));
        } catch (NoSuchFileException e) {
            return ABSENT;
        }
    }

    public static Fingerprint of(Path file, byte[] bytes) throws IOException {
        return new Fingerprint(true, Files.getLastModifiedTime(file).toMillis(), bytes.length, hash(bytes));
    }

    /** Same content; a touched file with the same bytes is not a change. */
    public boolean sameContent(Fingerprint o) {
        return exists == o.exists && size == o.size && sha256.equals(o.sha256);
    }

    static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
