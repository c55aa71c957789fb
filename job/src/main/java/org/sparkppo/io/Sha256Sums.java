package org.sparkppo.io;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sparkppo.config.BadInputException;

/**
 * The SHA-256 of each file of a folder, as a {@value #FILE} file in {@code sha256sum}'s format
 * ({@code <64 hex digits><two spaces><name>} per line), so {@code sha256sum -c SHA256SUMS} checks a
 * folder by hand too.
 *
 * @param sums file name → lower-case hex SHA-256, sorted by name
 */
record Sha256Sums(Map<String, String> sums) {
    static final String FILE = "SHA256SUMS";
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64})  ([^/\\s][^/]*)");

    Sha256Sums {
        sums = new TreeMap<>(sums);
    }

    static Sha256Sums of(Map<String, byte[]> files) {
        Map<String, String> sums = new TreeMap<>();
        files.forEach((name, content) -> sums.put(name, hex(content)));
        return new Sha256Sums(sums);
    }

    byte[] render() {
        StringBuilder text = new StringBuilder();
        sums.forEach((name, sum) -> text.append(sum).append("  ").append(name).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @param file how refusals name the {@value #FILE} file */
    static Sha256Sums parse(byte[] content, String file) {
        Map<String, String> sums = new TreeMap<>();
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty() && i == lines.length - 1) {
                continue;
            }
            Matcher m = LINE.matcher(lines[i]);
            if (!m.matches() || sums.put(m.group(2), m.group(1)) != null) {
                throw new BadInputException(file + ": expected one line '<SHA-256 in hex>  <file name>' per file, found '"
                        + lines[i] + "' in line " + (i + 1));
            }
        }
        return new Sha256Sums(sums);
    }

    /** @param file how a refusal names the checked file */
    void verify(String name, byte[] content, String file) {
        String actual = hex(content);
        if (!actual.equals(sums.get(name))) {
            throw new BadInputException(file + ": expected SHA-256 " + sums.get(name) + " (from " + FILE + "), found "
                    + actual + " (the file is truncated or corrupt)");
        }
    }

    static String hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
